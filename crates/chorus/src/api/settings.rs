//! Credentials and endpoints of the Chorus Pro API, from environment
//! variables or a config file with restricted permissions.

use std::fmt;
use std::path::{Path, PathBuf};

use crate::Error;

/// The Chorus Pro environment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Environment {
    /// The test platform (PISTE sandbox).
    Qualification,
    /// The real platform.
    Production,
}

impl Environment {
    /// `qualification` or `production`, as the CLI spells it.
    pub fn as_str(self) -> &'static str {
        match self {
            Environment::Qualification => "qualification",
            Environment::Production => "production",
        }
    }
}

impl std::str::FromStr for Environment {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self, Error> {
        match s {
            "qualification" => Ok(Environment::Qualification),
            "production" => Ok(Environment::Production),
            other => Err(Error::Settings(format!(
                "unknown environment {other:?}: qualification or production expected"
            ))),
        }
    }
}

/// Where the API lives.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Endpoints {
    /// The OAuth2 token URL of the PISTE gateway.
    pub token_url: String,
    /// The API base; operations are appended (`/factures/v1/deposer/flux`).
    pub api_url: String,
}

impl Endpoints {
    /// The PISTE gateway's published URLs for `env` (as OCA
    /// `l10n_fr_chorus_account` uses them). Override them with
    /// `token_url` / `api_url` in the config file or
    /// `FACTURX_CHORUS_TOKEN_URL` / `FACTURX_CHORUS_API_URL`.
    pub fn for_environment(env: Environment) -> Endpoints {
        match env {
            Environment::Qualification => Endpoints {
                token_url: "https://sandbox-oauth.piste.gouv.fr/api/oauth/token".to_string(),
                api_url: "https://sandbox-api.piste.gouv.fr/cpro".to_string(),
            },
            Environment::Production => Endpoints {
                token_url: "https://oauth.piste.gouv.fr/api/oauth/token".to_string(),
                api_url: "https://api.piste.gouv.fr/cpro".to_string(),
            },
        }
    }
}

/// The four secrets a deposit needs. `Debug` never shows them.
#[derive(Clone, PartialEq, Eq)]
pub struct Credentials {
    /// PISTE application client ID (OAuth2 client credentials).
    pub client_id: String,
    /// PISTE application client secret.
    pub client_secret: String,
    /// Chorus Pro technical account login.
    pub login: String,
    /// Chorus Pro technical account password.
    pub password: String,
}

impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Credentials")
            .field("client_id", &"<redacted>")
            .field("client_secret", &"<redacted>")
            .field("login", &"<redacted>")
            .field("password", &"<redacted>")
            .finish()
    }
}

/// Credentials and endpoints together.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Settings {
    /// The secrets.
    pub credentials: Credentials,
    /// The URLs.
    pub endpoints: Endpoints,
}

/// Environment variable names, in the order of the config file keys.
pub const ENV_VARS: [(&str, &str); 6] = [
    ("client_id", "FACTURX_CHORUS_CLIENT_ID"),
    ("client_secret", "FACTURX_CHORUS_CLIENT_SECRET"),
    ("login", "FACTURX_CHORUS_LOGIN"),
    ("password", "FACTURX_CHORUS_PASSWORD"),
    ("token_url", "FACTURX_CHORUS_TOKEN_URL"),
    ("api_url", "FACTURX_CHORUS_API_URL"),
];

impl Settings {
    /// The default config file: `$XDG_CONFIG_HOME/facturx/chorus.conf`, else
    /// `$HOME/.config/facturx/chorus.conf`.
    pub fn default_config_path() -> Option<PathBuf> {
        let base = std::env::var_os("XDG_CONFIG_HOME")
            .filter(|v| !v.is_empty())
            .map(PathBuf::from)
            .or_else(|| {
                std::env::var_os("HOME")
                    .filter(|v| !v.is_empty())
                    .map(|h| PathBuf::from(h).join(".config"))
            })?;
        Some(base.join("facturx").join("chorus.conf"))
    }

    /// Loads settings for `env`: each key from the environment variable
    /// ([`ENV_VARS`]) when set, else from the config file (`config`, or
    /// [`Settings::default_config_path`] when it exists).
    pub fn load(env: Environment, config: Option<&Path>) -> Result<Settings, Error> {
        let file = match config {
            Some(p) => Some(p.to_path_buf()),
            None => Settings::default_config_path().filter(|p| p.exists()),
        };
        Settings::resolve(env, |name| std::env::var(name).ok(), file.as_deref())
    }

    /// [`Settings::load`] with an explicit variable lookup (for tests).
    pub fn resolve(
        env: Environment,
        var: impl Fn(&str) -> Option<String>,
        config: Option<&Path>,
    ) -> Result<Settings, Error> {
        let file = match config {
            Some(p) => read_config(p)?,
            None => Vec::new(),
        };
        let get = |key: &str| -> Option<String> {
            let env_name = ENV_VARS.iter().find(|(k, _)| *k == key).map(|(_, v)| *v)?;
            var(env_name)
                .filter(|v| !v.is_empty())
                .or_else(|| file.iter().find(|(k, _)| k == key).map(|(_, v)| v.clone()))
        };
        let need = |key: &str| {
            get(key).ok_or_else(|| {
                let env_name = ENV_VARS
                    .iter()
                    .find(|(k, _)| *k == key)
                    .map_or("", |(_, v)| *v);
                Error::Settings(format!(
                    "missing {key}: set {env_name} or `{key} = ...` in the config file"
                ))
            })
        };
        let defaults = Endpoints::for_environment(env);
        Ok(Settings {
            credentials: Credentials {
                client_id: need("client_id")?,
                client_secret: need("client_secret")?,
                login: need("login")?,
                password: need("password")?,
            },
            endpoints: Endpoints {
                token_url: get("token_url").unwrap_or(defaults.token_url),
                api_url: get("api_url").unwrap_or(defaults.api_url),
            },
        })
    }
}

/// Reads `key = value` lines (`#` comments, optional double quotes),
/// refusing a file that others than its owner can read or write.
fn read_config(path: &Path) -> Result<Vec<(String, String)>, Error> {
    check_permissions(path)?;
    let text = std::fs::read_to_string(path).map_err(|source| Error::Io {
        path: path.to_path_buf(),
        source,
    })?;
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let Some((key, value)) = line.split_once('=') else {
            // Never echo the line: it may hold a secret.
            return Err(Error::Settings(format!(
                "{}: line {}: `key = value` expected",
                path.display(),
                i + 1
            )));
        };
        let value = value.trim();
        let value = value
            .strip_prefix('"')
            .and_then(|v| v.strip_suffix('"'))
            .unwrap_or(value);
        out.push((key.trim().to_string(), value.to_string()));
    }
    Ok(out)
}

#[cfg(unix)]
fn check_permissions(path: &Path) -> Result<(), Error> {
    use std::os::unix::fs::PermissionsExt;
    let meta = std::fs::metadata(path).map_err(|source| Error::Io {
        path: path.to_path_buf(),
        source,
    })?;
    let mode = meta.permissions().mode() & 0o777;
    if mode & 0o077 != 0 {
        return Err(Error::InsecureConfig {
            path: path.to_path_buf(),
            mode,
        });
    }
    Ok(())
}

#[cfg(not(unix))]
fn check_permissions(_path: &Path) -> Result<(), Error> {
    // Windows ACLs are not inspected; the file's folder should be private.
    Ok(())
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

    fn write(dir: &Path, mode: u32, text: &str) -> PathBuf {
        let p = dir.join("chorus.conf");
        std::fs::write(&p, text).unwrap();
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(&p, std::fs::Permissions::from_mode(mode)).unwrap();
        }
        p
    }

    const CONF: &str = "# test\nclient_id = \"cid\"\nclient_secret = \"s3cret-value\"\nlogin = TECH_1@cpro.fr\npassword = \"pw-value\"\n";

    #[test]
    fn config_file_and_env_override() {
        let dir = tempfile::tempdir().unwrap();
        let p = write(dir.path(), 0o600, CONF);
        let s = Settings::resolve(Environment::Qualification, |_| None, Some(&p)).unwrap();
        assert_eq!(s.credentials.client_secret, "s3cret-value");
        assert_eq!(s.credentials.login, "TECH_1@cpro.fr");
        assert_eq!(
            s.endpoints,
            Endpoints::for_environment(Environment::Qualification)
        );
        let s = Settings::resolve(
            Environment::Production,
            |k| (k == "FACTURX_CHORUS_API_URL").then(|| "http://127.0.0.1:9/cpro".to_string()),
            Some(&p),
        )
        .unwrap();
        assert_eq!(s.endpoints.api_url, "http://127.0.0.1:9/cpro");
        assert_eq!(
            s.endpoints.token_url,
            "https://oauth.piste.gouv.fr/api/oauth/token"
        );
        let dbg = format!("{s:?}");
        assert!(
            !dbg.contains("s3cret") && !dbg.contains("pw-value") && !dbg.contains("TECH_1"),
            "{dbg}"
        );
    }

    #[cfg(unix)]
    #[test]
    fn readable_config_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        for mode in [0o644, 0o640, 0o604] {
            let p = write(dir.path(), mode, CONF);
            let err =
                Settings::resolve(Environment::Qualification, |_| None, Some(&p)).unwrap_err();
            let msg = err.to_string();
            assert!(msg.contains("chmod 600"), "{msg}");
            assert!(!msg.contains("s3cret"));
        }
    }

    #[test]
    fn missing_keys_name_the_variable() {
        let err = Settings::resolve(Environment::Qualification, |_| None, None).unwrap_err();
        assert!(
            err.to_string().contains("FACTURX_CHORUS_CLIENT_ID"),
            "{err}"
        );
        let dir = tempfile::tempdir().unwrap();
        let p = write(dir.path(), 0o600, "client_id = x\nthis line has a secret\n");
        let err = Settings::resolve(Environment::Qualification, |_| None, Some(&p)).unwrap_err();
        assert!(err.to_string().contains("line 2") && !err.to_string().contains("secret"));
        assert!("staging".parse::<Environment>().is_err());
    }
}
