//! The Chorus Pro directory of public structures: who requires a service
//! code (BT-10), an engagement number (BT-13), or either.
//!
//! Loaded from a CSV or JSON export (`--directory FILE`). The accepted
//! columns and keys are listed in `crates/chorus/RULES.md` ("Directory
//! file"); the JSON keys also accept the field names of the Chorus Pro
//! structures API (`codeServiceDoitEtreRenseigne`, `listeServices`, ...).

use std::collections::BTreeMap;
use std::path::Path;

use serde::Deserialize;

use crate::Error;

/// One public structure (a buyer), identified by its SIRET.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Structure {
    /// The structure's SIRET.
    pub siret: String,
    /// The structure's name.
    pub name: String,
    /// False when the structure is closed on the portal.
    pub active: bool,
    /// A service code (BT-10) is mandatory.
    pub service_code_required: bool,
    /// An engagement number (BT-13) is mandatory.
    pub engagement_required: bool,
    /// A service code or an engagement number is mandatory (either).
    pub service_or_engagement_required: bool,
    /// The structure's services by code.
    pub services: BTreeMap<String, Service>,
}

/// One service of a structure.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Service {
    /// The service code, as BT-10 carries it.
    pub code: String,
    /// The service's name, when the export gives it.
    pub name: Option<String>,
    /// False for a closed service: invoices addressed to it are rejected.
    pub active: bool,
}

/// The directory: structures by SIRET.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Directory {
    structures: BTreeMap<String, Structure>,
}

/// The pseudo-service Chorus Pro lists for every structure; it is not a real
/// service code (OCA `l10n_fr_chorus_account` skips it too).
const PSEUDO_SERVICE: &str = "FACTURES_PUBLIQUES";

impl Directory {
    /// Loads a directory file: JSON when the name ends in `.json` or the
    /// content starts with `[` or `{`, CSV otherwise.
    pub fn load(path: &Path) -> Result<Directory, Error> {
        let text = std::fs::read_to_string(path).map_err(|source| Error::Io {
            path: path.to_path_buf(),
            source,
        })?;
        let json = path
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("json"))
            || text.trim_start().starts_with(['[', '{']);
        let parsed = if json {
            Directory::from_json(&text)
        } else {
            Directory::from_csv(&text)
        };
        parsed.map_err(|err| Error::Directory {
            path: path.display().to_string(),
            message: err.to_string(),
        })
    }

    /// Builds a directory from structures (later entries for the same SIRET
    /// merge their services into the earlier one).
    pub fn from_structures(structures: impl IntoIterator<Item = Structure>) -> Directory {
        let mut dir = Directory::default();
        for s in structures {
            dir.insert(s);
        }
        dir
    }

    fn insert(&mut self, s: Structure) {
        match self.structures.get_mut(&s.siret) {
            Some(existing) => {
                existing.services.extend(s.services);
                existing.service_code_required |= s.service_code_required;
                existing.engagement_required |= s.engagement_required;
                existing.service_or_engagement_required |= s.service_or_engagement_required;
                if existing.name.is_empty() {
                    existing.name = s.name;
                }
            }
            None => {
                self.structures.insert(s.siret.clone(), s);
            }
        }
    }

    /// The structure with this SIRET.
    pub fn get(&self, siret: &str) -> Option<&Structure> {
        self.structures.get(siret.trim())
    }

    /// Number of structures.
    pub fn len(&self) -> usize {
        self.structures.len()
    }

    /// True when the directory holds no structure.
    pub fn is_empty(&self) -> bool {
        self.structures.is_empty()
    }

    /// Parses the JSON form: an array of structures, or `{"structures": [...]}`.
    pub fn from_json(text: &str) -> Result<Directory, Error> {
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Top {
            List(Vec<JsonStructure>),
            Wrapped { structures: Vec<JsonStructure> },
        }
        let top: Top = serde_json::from_str(text).map_err(|e| Error::DirectoryEntry {
            entry: format!("line {}", e.line()),
            message: e.to_string(),
        })?;
        let list = match top {
            Top::List(l) | Top::Wrapped { structures: l } => l,
        };
        let mut dir = Directory::default();
        for (i, js) in list.into_iter().enumerate() {
            if js.siret.trim().is_empty() {
                return Err(Error::DirectoryEntry {
                    entry: format!("structure #{}", i + 1),
                    message: "\"siret\" is empty".to_string(),
                });
            }
            let services = js
                .services
                .into_iter()
                .filter(|s| s.code.trim() != PSEUDO_SERVICE)
                .map(|s| {
                    let code = s.code.trim().to_string();
                    let service = Service {
                        code: code.clone(),
                        name: s.name,
                        active: s.active,
                    };
                    (code, service)
                })
                .collect();
            dir.insert(Structure {
                siret: js.siret.trim().to_string(),
                name: js.name,
                active: js.active,
                service_code_required: js.service_code_required,
                engagement_required: js.engagement_required,
                service_or_engagement_required: js.service_or_engagement_required,
                services,
            });
        }
        Ok(dir)
    }

    /// Parses the CSV form (header row required; `,` or `;` separated).
    pub fn from_csv(text: &str) -> Result<Directory, Error> {
        // Spreadsheet exports often start with a byte-order mark.
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        let first = text.lines().next().unwrap_or_default();
        let delimiter = if first.matches(';').count() > first.matches(',').count() {
            b';'
        } else {
            b','
        };
        let mut reader = csv::ReaderBuilder::new()
            .delimiter(delimiter)
            .trim(csv::Trim::All)
            .flexible(true)
            .from_reader(text.as_bytes());
        let headers: Vec<String> = reader
            .headers()
            .map_err(|e| csv_error("header", &e))?
            .iter()
            .map(normalise_header)
            .collect();
        let col = |names: &[&str]| headers.iter().position(|h| names.contains(&h.as_str()));
        let siret_col = col(&["siret", "identifiant"]).ok_or_else(|| Error::DirectoryEntry {
            entry: "header".to_string(),
            message: "no \"siret\" column".to_string(),
        })?;
        let name_col = col(&["name", "nom", "raisonsociale"]);
        let active_col = col(&["active", "estactif", "actif"]);
        let svc_req_col = col(&["servicecoderequired", "codeservicedoitetrerenseigne"]);
        let ej_req_col = col(&["engagementrequired", "numeroejdoitetrerenseigne"]);
        let either_col = col(&[
            "serviceorengagementrequired",
            "either",
            "gestionnumeroejoucodeservice",
        ]);
        let services_col = col(&["services", "activeservices"]);
        let inactive_col = col(&["inactiveservices"]);
        let svc_code_col = col(&["servicecode", "codeservice"]);
        let svc_name_col = col(&["servicename", "libelleservice"]);
        let svc_active_col = col(&["serviceactive", "serviceestactif"]);

        let mut dir = Directory::default();
        for (i, record) in reader.records().enumerate() {
            let row = i + 2;
            let record = record.map_err(|e| csv_error(&format!("row {row}"), &e))?;
            let get = |c: Option<usize>| c.and_then(|c| record.get(c)).unwrap_or_default();
            let flag = |c: Option<usize>, name: &str, default: bool| {
                parse_bool(get(c), default).ok_or_else(|| Error::DirectoryEntry {
                    entry: format!("row {row}"),
                    message: format!("\"{name}\": {:?} is not a yes/no value", get(c)),
                })
            };
            let siret = get(Some(siret_col));
            if siret.is_empty() {
                return Err(Error::DirectoryEntry {
                    entry: format!("row {row}"),
                    message: "\"siret\" is empty".to_string(),
                });
            }
            let mut services = BTreeMap::new();
            for (list, active) in [(get(services_col), true), (get(inactive_col), false)] {
                for code in list.split([';', '|', ' ']).map(str::trim) {
                    if !code.is_empty() && code != PSEUDO_SERVICE {
                        services.insert(
                            code.to_string(),
                            Service {
                                code: code.to_string(),
                                name: None,
                                active,
                            },
                        );
                    }
                }
            }
            let code = get(svc_code_col);
            if !code.is_empty() && code != PSEUDO_SERVICE {
                let name = Some(get(svc_name_col).to_string()).filter(|n| !n.is_empty());
                let active = flag(svc_active_col, "service_active", true)?;
                services.insert(
                    code.to_string(),
                    Service {
                        code: code.to_string(),
                        name,
                        active,
                    },
                );
            }
            dir.insert(Structure {
                siret: siret.to_string(),
                name: get(name_col).to_string(),
                active: flag(active_col, "active", true)?,
                service_code_required: flag(svc_req_col, "service_code_required", false)?,
                engagement_required: flag(ej_req_col, "engagement_required", false)?,
                service_or_engagement_required: flag(
                    either_col,
                    "service_or_engagement_required",
                    false,
                )?,
                services,
            });
        }
        Ok(dir)
    }
}

fn csv_error(entry: &str, e: &csv::Error) -> Error {
    Error::DirectoryEntry {
        entry: entry.to_string(),
        message: e.to_string(),
    }
}

/// Lowercases and drops `_`, `-` and spaces, so `Service code required`,
/// `service_code_required` and `serviceCodeRequired` name the same column.
fn normalise_header(h: &str) -> String {
    h.chars()
        .filter(|c| !matches!(c, '_' | '-' | ' '))
        .flat_map(char::to_lowercase)
        .collect()
}

fn parse_bool(value: &str, default: bool) -> Option<bool> {
    match value.trim().to_ascii_lowercase().as_str() {
        "" => Some(default),
        "1" | "true" | "yes" | "y" | "oui" | "o" | "x" => Some(true),
        "0" | "false" | "no" | "n" | "non" => Some(false),
        _ => None,
    }
}

fn yes() -> bool {
    true
}

#[derive(Deserialize)]
struct JsonStructure {
    #[serde(alias = "identifiant", alias = "identifiantStructure")]
    siret: String,
    #[serde(default, alias = "raisonSociale", alias = "libelleStructure")]
    name: String,
    #[serde(default = "yes", alias = "estActif")]
    active: bool,
    #[serde(default, alias = "codeServiceDoitEtreRenseigne")]
    service_code_required: bool,
    #[serde(default, alias = "numeroEJDoitEtreRenseigne")]
    engagement_required: bool,
    #[serde(default, alias = "gestionNumeroEJOuCodeService", alias = "either")]
    service_or_engagement_required: bool,
    #[serde(default, alias = "listeServices")]
    services: Vec<JsonService>,
}

#[derive(Deserialize)]
struct JsonService {
    #[serde(alias = "codeService")]
    code: String,
    #[serde(default, alias = "libelleService")]
    name: Option<String>,
    #[serde(default = "yes", alias = "estActif")]
    active: bool,
}

#[cfg(test)]
mod tests {
    #![allow(
        clippy::unwrap_used,
        clippy::expect_used,
        clippy::indexing_slicing,
        clippy::panic
    )]
    use super::*;

    #[test]
    fn csv_one_row_per_structure() {
        let csv = "SIRET;Name;Service code required;Engagement required;Either;Services;Inactive services\n\
                   20000000800025;Mairie;oui;non;;SERVEXEC|COMPTA;OLD\n";
        let dir = Directory::from_csv(csv).unwrap();
        let s = dir.get("20000000800025").unwrap();
        assert!(s.service_code_required && !s.engagement_required && s.active);
        assert!(s.services["SERVEXEC"].active);
        assert!(!s.services["OLD"].active);
        assert_eq!(s.services.len(), 3);
    }

    #[test]
    fn csv_with_byte_order_mark() {
        let dir = Directory::from_csv("\u{feff}SIRET,Name\n20000000800025,Mairie\n").unwrap();
        assert_eq!(dir.get("20000000800025").unwrap().name, "Mairie");
        assert_eq!(dir.len(), 1);
    }

    #[test]
    fn csv_one_row_per_service_merges() {
        let csv = "siret,name,engagement_required,service_code,service_name,service_active\n\
                   20000000800025,Mairie,1,A,Achats,1\n\
                   20000000800025,Mairie,1,B,Ancien,0\n\
                   20000000800025,Mairie,1,FACTURES_PUBLIQUES,,1\n";
        let dir = Directory::from_csv(csv).unwrap();
        let s = dir.get("20000000800025").unwrap();
        assert!(s.engagement_required);
        assert_eq!(s.services.keys().collect::<Vec<_>>(), ["A", "B"]);
        assert!(!s.services["B"].active);
    }

    #[test]
    fn csv_bad_flag_names_row_and_column() {
        let csv = "siret,engagement_required\n20000000800025,maybe\n";
        let err = Directory::from_csv(csv).unwrap_err().to_string();
        assert!(
            err.contains("row 2") && err.contains("engagement_required"),
            "{err}"
        );
        let err = Directory::from_csv("name\nX\n").unwrap_err().to_string();
        assert!(err.contains("no \"siret\" column"), "{err}");
    }

    #[test]
    fn json_with_api_names() {
        let json = r#"{"structures": [{"identifiant": "20000000800025", "raisonSociale": "Mairie",
            "numeroEJDoitEtreRenseigne": true,
            "listeServices": [{"codeService": "SERVEXEC", "estActif": true},
                              {"codeService": "FACTURES_PUBLIQUES", "estActif": true}]}]}"#;
        let dir = Directory::from_json(json).unwrap();
        let s = dir.get("20000000800025").unwrap();
        assert!(s.engagement_required && !s.service_code_required);
        assert_eq!(s.services.keys().collect::<Vec<_>>(), ["SERVEXEC"]);
        assert!(Directory::from_json("[{\"name\": 1}]").is_err());
    }
}
