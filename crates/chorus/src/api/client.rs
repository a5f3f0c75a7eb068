//! The blocking Chorus Pro API client: token, deposit, status, retries.

use std::path::Path;
use std::time::{Duration, Instant};

use base64::Engine;
use base64::engine::general_purpose::STANDARD as BASE64;
use serde::{Deserialize, Serialize};

use super::settings::{Environment, Settings};
use crate::package::Syntax;
use crate::{Error, Ledger};

/// How failed calls are retried: transport errors, 5xx and 429 answers, with
/// exponential backoff (`base_delay`, doubled each time, at most `max_delay`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryPolicy {
    /// Attempts in all, the first included.
    pub max_attempts: u32,
    /// Delay before the second attempt.
    pub base_delay: Duration,
    /// Upper bound of a delay.
    pub max_delay: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy {
            max_attempts: 5,
            base_delay: Duration::from_millis(500),
            max_delay: Duration::from_secs(16),
        }
    }
}

impl RetryPolicy {
    fn delay(&self, retry: u32) -> Duration {
        let factor = 1u32.checked_shl(retry.min(31)).unwrap_or(u32::MAX);
        self.base_delay.saturating_mul(factor).min(self.max_delay)
    }
}

/// What Chorus Pro answered to a deposit.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DepositReceipt {
    /// `numeroFluxDepot`: the deposit number to follow the flux with.
    pub numero_flux_depot: String,
    /// `dateDepot`.
    #[serde(default)]
    pub date_depot: Option<String>,
    /// `codeRetour` (0 = accepted for processing).
    #[serde(default)]
    pub code_retour: i64,
    /// `libelle` (e.g. `GCU_MSG_01_000`).
    #[serde(default)]
    pub libelle: Option<String>,
}

/// The state of a deposited flux (`transverses/v1/consulterCR`).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DepositStatus {
    /// `numeroFluxDepot`.
    #[serde(default)]
    pub numero_flux_depot: Option<String>,
    /// `etatCourantFlux`, e.g. `IN_EN_ATTENTE_TRAITEMENT`, `IN_INTEGRE`,
    /// `IN_REJETE`.
    #[serde(default)]
    pub etat_courant_flux: Option<String>,
    /// `dateHeureEtatCourantFlux`.
    #[serde(default)]
    pub date_heure_etat_courant_flux: Option<String>,
    /// `nomFichierFlux`.
    #[serde(default)]
    pub nom_fichier_flux: Option<String>,
    /// `fichierCR`: the processing report (PDF, base64), when ready.
    #[serde(default, rename = "fichierCR")]
    pub fichier_cr: Option<String>,
    /// `codeRetour`.
    #[serde(default)]
    pub code_retour: i64,
    /// `libelle`.
    #[serde(default)]
    pub libelle: Option<String>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct DeposerFlux<'a> {
    fichier_flux: String,
    nom_fichier: &'a str,
    syntaxe_flux: &'static str,
    avec_signature: bool,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ConsulterCr<'a> {
    numero_flux_depot: &'a str,
}

#[derive(Deserialize)]
struct TokenResponse {
    access_token: String,
    #[serde(default)]
    expires_in: Option<u64>,
}

struct Token {
    value: String,
    valid_until: Instant,
}

/// The client. One per environment; it caches the OAuth2 token.
pub struct Client {
    agent: ureq::Agent,
    settings: Settings,
    retry: RetryPolicy,
    token: Option<Token>,
}

impl std::fmt::Debug for Client {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Client")
            .field("endpoints", &self.settings.endpoints)
            .field("retry", &self.retry)
            .finish_non_exhaustive()
    }
}

/// An HTTP answer: status and body text.
struct Answer {
    status: u16,
    body: String,
}

/// The portal's message in an error body: `libelle`, `message` or
/// `error_description`, else the body itself (cut to 300 characters).
fn portal_message(body: &str) -> String {
    let json: Option<serde_json::Value> = serde_json::from_str(body).ok();
    let field = json.as_ref().and_then(|v| {
        ["libelle", "message", "error_description", "error"]
            .iter()
            .find_map(|k| v.get(k).and_then(|m| m.as_str()).map(str::to_string))
    });
    field.unwrap_or_else(|| body.chars().take(300).collect())
}

impl Client {
    /// A client with the default retry policy and a 120 s timeout per call.
    pub fn new(settings: Settings) -> Client {
        let agent = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .timeout_global(Some(Duration::from_secs(120)))
            .build()
            .into();
        Client {
            agent,
            settings,
            retry: RetryPolicy::default(),
            token: None,
        }
    }

    /// Replaces the retry policy.
    pub fn with_retry(mut self, retry: RetryPolicy) -> Client {
        self.retry = retry;
        self
    }

    /// Sends one request, retrying transport errors and 5xx answers.
    fn send(&self, url: &str, headers: &[(&str, String)], body: Body<'_>) -> Result<Answer, Error> {
        let mut attempt = 0;
        loop {
            attempt += 1;
            let result = self.send_once(url, headers, &body);
            let retryable = match &result {
                // 429: the gateway's rate limit, worth waiting for too.
                Ok(a) => a.status >= 500 || a.status == 429,
                Err(_) => true,
            };
            if !retryable || attempt >= self.retry.max_attempts.max(1) {
                return match result {
                    Ok(a) if a.status >= 500 || a.status == 429 => Err(Error::ServerError {
                        url: url.to_string(),
                        status: a.status,
                        attempts: attempt,
                        message: portal_message(&a.body),
                    }),
                    Ok(a) => Ok(a),
                    Err(message) => Err(Error::Transport {
                        url: url.to_string(),
                        attempts: attempt,
                        message,
                    }),
                };
            }
            std::thread::sleep(self.retry.delay(attempt - 1));
        }
    }

    fn send_once(
        &self,
        url: &str,
        headers: &[(&str, String)],
        body: &Body<'_>,
    ) -> Result<Answer, String> {
        let mut req = self.agent.post(url).header("Accept", "application/json");
        for (k, v) in headers {
            req = req.header(*k, v.as_str());
        }
        let response = match body {
            Body::Json(text) => req
                .header("Content-Type", "application/json;charset=utf-8")
                .send(text.as_bytes()),
            Body::Form(pairs) => req.send_form(pairs.iter().map(|(k, v)| (*k, v.as_str()))),
        };
        // ureq's error text names the URL and the failure, never headers.
        let mut response = response.map_err(|e| e.to_string())?;
        let status = response.status().as_u16();
        let body = response
            .body_mut()
            .read_to_string()
            .map_err(|e| e.to_string())?;
        Ok(Answer { status, body })
    }

    fn token(&mut self) -> Result<String, Error> {
        if let Some(t) = &self.token {
            if Instant::now() < t.valid_until {
                return Ok(t.value.clone());
            }
        }
        let creds = &self.settings.credentials;
        let url = self.settings.endpoints.token_url.clone();
        let form = vec![
            ("grant_type", "client_credentials".to_string()),
            ("client_id", creds.client_id.clone()),
            ("client_secret", creds.client_secret.clone()),
            ("scope", "openid".to_string()),
        ];
        let answer = self.send(&url, &[], Body::Form(form))?;
        if answer.status != 200 {
            return Err(Error::Rejected {
                url,
                status: answer.status,
                message: format!("token refused: {}", portal_message(&answer.body)),
            });
        }
        let t: TokenResponse =
            serde_json::from_str(&answer.body).map_err(|e| Error::UnexpectedResponse {
                url: url.clone(),
                message: format!("token response: {e}"),
            })?;
        // Renew a minute early so that a token never expires in flight.
        let life = t.expires_in.unwrap_or(3600).saturating_sub(60);
        self.token = Some(Token {
            value: t.access_token.clone(),
            valid_until: Instant::now() + Duration::from_secs(life),
        });
        Ok(t.access_token)
    }

    /// Calls an API operation with the token and the technical account;
    /// on 401 renews the token once and tries again.
    fn call(&mut self, operation: &str, json: String) -> Result<String, Error> {
        let url = format!(
            "{}/{}",
            self.settings.endpoints.api_url.trim_end_matches('/'),
            operation
        );
        let creds = &self.settings.credentials;
        let account = BASE64.encode(format!("{}:{}", creds.login, creds.password));
        let mut renewed = false;
        loop {
            let token = self.token()?;
            let headers = [
                ("Authorization", format!("Bearer {token}")),
                ("cpro-account", account.clone()),
            ];
            let answer = self.send(&url, &headers, Body::Json(&json))?;
            match answer.status {
                200..=299 => return Ok(answer.body),
                401 if !renewed => {
                    self.token = None;
                    renewed = true;
                }
                status => {
                    return Err(Error::Rejected {
                        url,
                        status,
                        message: portal_message(&answer.body),
                    });
                }
            }
        }
    }

    /// Deposits one file (`deposer/flux`). The syntax is taken from the
    /// bytes: a PDF is `IN_DP_E2_CII_FACTURX`, an XML `IN_DP_E1_CII_16B`.
    /// Batches (`.zip`, `.tar.gz`) carry the syntax of their members:
    /// give it with [`Client::deposit_as`].
    pub fn deposit(&mut self, file_name: &str, bytes: &[u8]) -> Result<DepositReceipt, Error> {
        let syntax = Syntax::sniff(bytes).ok_or_else(|| {
            Error::Settings(format!(
                "{file_name}: neither a PDF nor an XML document; give the syntax of a batch explicitly"
            ))
        })?;
        self.deposit_as(file_name, bytes, syntax)
    }

    /// Deposits one file with an explicit `syntaxeFlux`.
    pub fn deposit_as(
        &mut self,
        file_name: &str,
        bytes: &[u8],
        syntax: Syntax,
    ) -> Result<DepositReceipt, Error> {
        let payload = DeposerFlux {
            fichier_flux: BASE64.encode(bytes),
            nom_fichier: file_name,
            syntaxe_flux: syntax.code(),
            avec_signature: false,
        };
        let json = serde_json::to_string(&payload).map_err(|e| Error::Settings(e.to_string()))?;
        let operation = "factures/v1/deposer/flux";
        let body = self.call(operation, json)?;
        let receipt: DepositReceipt =
            serde_json::from_str(&body).map_err(|e| Error::UnexpectedResponse {
                url: operation.to_string(),
                message: e.to_string(),
            })?;
        if receipt.code_retour != 0 || receipt.numero_flux_depot.is_empty() {
            return Err(Error::Rejected {
                url: operation.to_string(),
                status: 200,
                message: receipt
                    .libelle
                    .unwrap_or_else(|| format!("codeRetour {}", receipt.code_retour)),
            });
        }
        Ok(receipt)
    }

    /// The state of a deposit (`transverses/v1/consulterCR`, the operation
    /// that reports on a flux deposited through `deposer/flux`).
    pub fn status(&mut self, deposit_number: &str) -> Result<DepositStatus, Error> {
        let json = serde_json::to_string(&ConsulterCr {
            numero_flux_depot: deposit_number,
        })
        .map_err(|e| Error::Settings(e.to_string()))?;
        let operation = "transverses/v1/consulterCR";
        let body = self.call(operation, json)?;
        serde_json::from_str(&body).map_err(|e| Error::UnexpectedResponse {
            url: operation.to_string(),
            message: e.to_string(),
        })
    }
}

enum Body<'a> {
    Json(&'a str),
    Form(Vec<(&'static str, String)>),
}

/// Deposits the file at `path` and records the returned deposit number in
/// the ledger (on the deposit and on the invoices the file carries).
///
/// The syntax comes from the bytes for a PDF or an XML; for a batch archive
/// from `batch_syntax`, else from the `manifest.json` beside it (written by
/// [`crate::package()`]).
pub fn deposit_file(
    client: &mut Client,
    path: &Path,
    environment: Environment,
    batch_syntax: Option<Syntax>,
    ledger: &mut Ledger,
) -> Result<DepositReceipt, Error> {
    let bytes = std::fs::read(path).map_err(|source| Error::Io {
        path: path.to_path_buf(),
        source,
    })?;
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let syntax = Syntax::sniff(&bytes)
        .or(batch_syntax)
        .or_else(|| syntax_from_manifest(path, &name))
        .ok_or_else(|| {
            Error::Settings(format!(
                "{}: neither a PDF nor an XML, and no manifest.json beside it names its \
                 syntaxeFlux; give the batch syntax explicitly",
                path.display()
            ))
        })?;
    let receipt = client.deposit_as(&name, &bytes, syntax)?;
    let sha = crate::package::sha256_hex(&bytes);
    ledger.record_deposit(
        &name,
        &sha,
        environment.as_str(),
        &receipt.numero_flux_depot,
    )?;
    Ok(receipt)
}

fn syntax_from_manifest(path: &Path, name: &str) -> Option<Syntax> {
    let manifest = path.parent()?.join("manifest.json");
    let json: serde_json::Value = serde_json::from_slice(&std::fs::read(manifest).ok()?).ok()?;
    let deposit = json
        .get("deposits")?
        .as_array()?
        .iter()
        .find(|d| d.get("file").and_then(|f| f.as_str()) == Some(name))?;
    match deposit.get("syntaxeFlux")?.as_str()? {
        "IN_DP_E2_CII_FACTURX" => Some(Syntax::FacturX),
        "IN_DP_E1_CII_16B" => Some(Syntax::Cii),
        _ => None,
    }
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
    fn backoff_doubles_up_to_the_cap() {
        let p = RetryPolicy::default();
        let d: Vec<u128> = (0..7).map(|i| p.delay(i).as_millis()).collect();
        assert_eq!(d, [500, 1000, 2000, 4000, 8000, 16000, 16000]);
        assert_eq!(p.delay(40).as_secs(), 16);
    }

    #[test]
    fn portal_messages() {
        assert_eq!(
            portal_message(r#"{"codeRetour": 1, "libelle": "Fichier invalide"}"#),
            "Fichier invalide"
        );
        assert_eq!(portal_message("plain"), "plain");
    }
}
