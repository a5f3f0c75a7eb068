//! The API client against a local Chorus Pro / PISTE stand-in on 127.0.0.1:
//! request shapes, token expiry, 4xx rejections, 5xx retries, transport
//! errors, status, and the deposit number in the ledger.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use std::collections::{HashMap, VecDeque};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use base64::Engine;
use base64::engine::general_purpose::STANDARD as BASE64;
use facturx_chorus::api::{
    Client, Credentials, Endpoints, Environment, RetryPolicy, Settings, deposit_file,
};
use facturx_chorus::{Error, Ledger};

#[derive(Debug, Clone)]
struct Request {
    path: String,
    headers: HashMap<String, String>,
    body: String,
}

#[derive(Default)]
struct State {
    requests: Vec<Request>,
    valid_tokens: Vec<String>,
    issued: usize,
    /// Forced answers for API calls, consumed first: (status, body).
    forced: VecDeque<(u16, String)>,
    deposits: usize,
    /// `expires_in` of issued tokens (0: 3600).
    lifetime: u64,
}

struct Server {
    base: String,
    state: Arc<Mutex<State>>,
}

const ACCOUNT_LOGIN: &str = "TECH_1@cpro.fr";
const ACCOUNT_PASSWORD: &str = "pw-value";

fn read_request(stream: &mut TcpStream) -> Option<Request> {
    let mut reader = BufReader::new(stream.try_clone().ok()?);
    let mut line = String::new();
    reader.read_line(&mut line).ok()?;
    let path = line.split_whitespace().nth(1)?.to_string();
    let mut headers = HashMap::new();
    loop {
        let mut h = String::new();
        reader.read_line(&mut h).ok()?;
        let h = h.trim_end();
        if h.is_empty() {
            break;
        }
        let (k, v) = h.split_once(':')?;
        headers.insert(k.trim().to_ascii_lowercase(), v.trim().to_string());
    }
    let len: usize = headers
        .get("content-length")
        .and_then(|l| l.parse().ok())
        .unwrap_or(0);
    let mut body = vec![0; len];
    reader.read_exact(&mut body).ok()?;
    Some(Request {
        path,
        headers,
        body: String::from_utf8(body).ok()?,
    })
}

fn respond(stream: &mut TcpStream, status: u16, body: &str) {
    let reason = match status {
        200 => "OK",
        400 => "Bad Request",
        401 => "Unauthorized",
        503 => "Service Unavailable",
        _ => "Status",
    };
    let _ = write!(
        stream,
        "HTTP/1.1 {status} {reason}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
}

fn handle(state: &Mutex<State>, req: &Request) -> (u16, String) {
    let mut st = state.lock().unwrap();
    st.requests.push(req.clone());
    if req.path == "/oauth/token" {
        let form: HashMap<&str, &str> = req
            .body
            .split('&')
            .filter_map(|p| p.split_once('='))
            .collect();
        if form.get("grant_type") != Some(&"client_credentials")
            || form.get("client_id") != Some(&"cid")
            || form.get("client_secret") != Some(&"s3cret")
        {
            return (
                401,
                r#"{"error": "invalid_client", "error_description": "bad client"}"#.into(),
            );
        }
        st.issued += 1;
        let token = format!("tok-{}", st.issued);
        st.valid_tokens.push(token.clone());
        let life = if st.lifetime == 0 { 3600 } else { st.lifetime };
        return (
            200,
            format!(
                r#"{{"access_token": "{token}", "token_type": "Bearer", "expires_in": {life}, "scope": "openid"}}"#
            ),
        );
    }
    let bearer = req
        .headers
        .get("authorization")
        .and_then(|a| a.strip_prefix("Bearer "))
        .unwrap_or("");
    if !st.valid_tokens.iter().any(|t| t == bearer) {
        return (401, r#"{"message": "token expired"}"#.into());
    }
    let account = BASE64.encode(format!("{ACCOUNT_LOGIN}:{ACCOUNT_PASSWORD}"));
    if req.headers.get("cpro-account") != Some(&account) {
        return (401, r#"{"message": "compte technique invalide"}"#.into());
    }
    if let Some(forced) = st.forced.pop_front() {
        return forced;
    }
    let json: serde_json::Value = serde_json::from_str(&req.body).unwrap();
    match req.path.as_str() {
        "/cpro/factures/v1/deposer/flux" => {
            let name = json["nomFichier"].as_str().unwrap_or("");
            if name.ends_with(".exe") {
                return (
                    400,
                    r#"{"codeRetour": 20001, "libelle": "Le format du fichier est invalide"}"#
                        .into(),
                );
            }
            st.deposits += 1;
            (
                200,
                format!(
                    r#"{{"codeRetour": 0, "libelle": "GCU_MSG_01_000", "numeroFluxDepot": "CPP{:07}", "dateDepot": "2026-11-23"}}"#,
                    st.deposits
                ),
            )
        }
        "/cpro/transverses/v1/consulterCR" => {
            let n = json["numeroFluxDepot"].as_str().unwrap_or("");
            (
                200,
                format!(
                    r#"{{"codeRetour": 0, "libelle": "OK", "numeroFluxDepot": "{n}", "etatCourantFlux": "IN_INTEGRE", "dateHeureEtatCourantFlux": "2026-11-23 10:00"}}"#
                ),
            )
        }
        _ => (404, r#"{"message": "no such operation"}"#.into()),
    }
}

fn start() -> Server {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let state = Arc::new(Mutex::new(State::default()));
    let st = state.clone();
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { continue };
            if let Some(req) = read_request(&mut stream) {
                let (status, body) = handle(&st, &req);
                respond(&mut stream, status, &body);
            }
        }
    });
    Server { base, state }
}

fn settings(server_base: &str) -> Settings {
    Settings {
        credentials: Credentials {
            client_id: "cid".into(),
            client_secret: "s3cret".into(),
            login: ACCOUNT_LOGIN.into(),
            password: ACCOUNT_PASSWORD.into(),
        },
        endpoints: Endpoints {
            token_url: format!("{server_base}/oauth/token"),
            api_url: format!("{server_base}/cpro"),
        },
    }
}

fn fast_retry() -> RetryPolicy {
    RetryPolicy {
        max_attempts: 3,
        base_delay: Duration::from_millis(1),
        max_delay: Duration::from_millis(5),
    }
}

fn client(server: &Server) -> Client {
    Client::new(settings(&server.base)).with_retry(fast_retry())
}

#[test]
fn deposit_sends_the_documented_shapes() {
    let server = start();
    let mut c = client(&server);
    let pdf = b"%PDF-1.7 test invoice".to_vec();
    let receipt = c.deposit("FA-2026-0001.pdf", &pdf).unwrap();
    assert_eq!(receipt.numero_flux_depot, "CPP0000001");
    assert_eq!(receipt.code_retour, 0);

    let st = server.state.lock().unwrap();
    let paths: Vec<&str> = st.requests.iter().map(|r| r.path.as_str()).collect();
    assert_eq!(paths, ["/oauth/token", "/cpro/factures/v1/deposer/flux"]);
    let dep = &st.requests[1];
    assert_eq!(dep.headers["authorization"], "Bearer tok-1");
    assert_eq!(
        dep.headers["cpro-account"],
        BASE64.encode("TECH_1@cpro.fr:pw-value")
    );
    assert!(dep.headers["content-type"].starts_with("application/json"));
    let json: serde_json::Value = serde_json::from_str(&dep.body).unwrap();
    assert_eq!(json["nomFichier"], "FA-2026-0001.pdf");
    assert_eq!(json["syntaxeFlux"], "IN_DP_E2_CII_FACTURX");
    assert_eq!(json["avecSignature"], false);
    assert_eq!(
        BASE64
            .decode(json["fichierFlux"].as_str().unwrap())
            .unwrap(),
        pdf
    );
    drop(st);

    // A bare CII XML gets the E1 syntax, and the cached token is reused.
    c.deposit(
        "FA-2026-0002.xml",
        b"<?xml version=\"1.0\"?><rsm:CrossIndustryInvoice/>",
    )
    .unwrap();
    let st = server.state.lock().unwrap();
    assert_eq!(st.issued, 1);
    let json: serde_json::Value = serde_json::from_str(&st.requests.last().unwrap().body).unwrap();
    assert_eq!(json["syntaxeFlux"], "IN_DP_E1_CII_16B");
}

#[test]
fn expired_token_is_renewed_once() {
    let server = start();
    let mut c = client(&server);
    c.deposit("a.pdf", b"%PDF-1.7").unwrap();
    // The gateway forgets every token (expiry).
    server.state.lock().unwrap().valid_tokens.clear();
    let r = c.deposit("b.pdf", b"%PDF-1.7").unwrap();
    assert_eq!(r.numero_flux_depot, "CPP0000002");
    let st = server.state.lock().unwrap();
    assert_eq!(st.issued, 2);
    let paths: Vec<&str> = st.requests.iter().map(|r| r.path.as_str()).collect();
    assert_eq!(
        paths,
        [
            "/oauth/token",
            "/cpro/factures/v1/deposer/flux",
            "/cpro/factures/v1/deposer/flux",
            "/oauth/token",
            "/cpro/factures/v1/deposer/flux"
        ]
    );
}

#[test]
fn persistent_401_is_a_clear_error_after_one_renewal() {
    let server = start();
    let mut s = settings(&server.base);
    s.credentials.password = "wrong-password".into();
    let mut c = Client::new(s).with_retry(fast_retry());
    let err = c.deposit("a.pdf", b"%PDF-1.7").unwrap_err();
    let msg = err.to_string();
    assert!(
        matches!(err, Error::Rejected { status: 401, .. }),
        "{err:?}"
    );
    assert!(msg.contains("compte technique invalide"), "{msg}");
    assert!(
        !msg.contains("wrong-password") && !msg.contains("s3cret"),
        "{msg}"
    );
    assert_eq!(server.state.lock().unwrap().issued, 2);

    // A bad client secret fails at the token step with the gateway's words.
    let mut s = settings(&server.base);
    s.credentials.client_secret = "nope".into();
    let err = Client::new(s)
        .with_retry(fast_retry())
        .deposit("a.pdf", b"%PDF-1.7")
        .unwrap_err();
    assert!(
        err.to_string().contains("token refused: bad client"),
        "{err}"
    );
}

#[test]
fn rejection_carries_the_portal_message() {
    let server = start();
    let err = client(&server)
        .deposit_as("virus.exe", b"MZ", facturx_chorus::Syntax::FacturX)
        .unwrap_err();
    assert!(
        matches!(err, Error::Rejected { status: 400, .. }),
        "{err:?}"
    );
    assert!(
        err.to_string()
            .contains("Le format du fichier est invalide"),
        "{err}"
    );
    // A 4xx is not retried.
    let deposits = server
        .state
        .lock()
        .unwrap()
        .requests
        .iter()
        .filter(|r| r.path.ends_with("/flux"))
        .count();
    assert_eq!(deposits, 1);
}

#[test]
fn server_errors_are_retried_with_backoff() {
    let server = start();
    {
        let mut st = server.state.lock().unwrap();
        st.forced
            .push_back((503, r#"{"message": "maintenance"}"#.into()));
        st.forced.push_back((502, "bad gateway".into()));
        st.forced.push_back((429, r#"{"message": "quota"}"#.into()));
    }
    let mut c = Client::new(settings(&server.base)).with_retry(RetryPolicy {
        max_attempts: 4,
        ..fast_retry()
    });
    let r = c.deposit("a.pdf", b"%PDF-1.7").unwrap();
    assert_eq!(r.numero_flux_depot, "CPP0000001");
    let flux = server
        .state
        .lock()
        .unwrap()
        .requests
        .iter()
        .filter(|r| r.path.ends_with("/flux"))
        .count();
    assert_eq!(flux, 4);

    // Always failing: gives up after max_attempts with the last message.
    {
        let mut st = server.state.lock().unwrap();
        for _ in 0..3 {
            st.forced
                .push_back((503, r#"{"message": "maintenance"}"#.into()));
        }
    }
    let err = client(&server).deposit("a.pdf", b"%PDF-1.7").unwrap_err();
    assert!(
        matches!(
            err,
            Error::ServerError {
                status: 503,
                attempts: 3,
                ..
            }
        ),
        "{err:?}"
    );
    assert!(err.to_string().contains("maintenance"));
}

#[test]
fn transport_errors_are_retried_then_reported() {
    // A port nobody listens on: bind, note it, close.
    let port = TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let base = format!("http://127.0.0.1:{port}");
    let err = Client::new(settings(&base))
        .with_retry(fast_retry())
        .deposit("a.pdf", b"%PDF-1.7")
        .unwrap_err();
    assert!(
        matches!(err, Error::Transport { attempts: 3, .. }),
        "{err:?}"
    );
    assert!(!err.to_string().contains("s3cret"));
}

#[test]
fn status_and_ledger_record() {
    let server = start();
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("FA-2026-0001.pdf");
    std::fs::write(&file, b"%PDF-1.7 x").unwrap();
    let mut ledger = Ledger::open(&dir.path().join("ledger.sqlite")).unwrap();
    let mut c = client(&server);
    let receipt =
        deposit_file(&mut c, &file, Environment::Qualification, None, &mut ledger).unwrap();
    assert_eq!(receipt.numero_flux_depot, "CPP0000001");

    let status = c.status(&receipt.numero_flux_depot).unwrap();
    assert_eq!(status.etat_courant_flux.as_deref(), Some("IN_INTEGRE"));
    assert_eq!(status.numero_flux_depot.as_deref(), Some("CPP0000001"));
    let st = server.state.lock().unwrap();
    let last = st.requests.last().unwrap();
    assert_eq!(last.path, "/cpro/transverses/v1/consulterCR");
    let json: serde_json::Value = serde_json::from_str(&last.body).unwrap();
    assert_eq!(json["numeroFluxDepot"], "CPP0000001");
}

#[test]
fn packaged_then_deposited_invoices_carry_the_deposit_number() {
    use facturx_chorus::package::{Document, Options, package_documents};
    use facturx_chorus::rules::{CheckOptions, FileFacts};
    let server = start();
    let dir = tempfile::tempdir().unwrap();
    let ledger_path = dir.path().join("ledger.sqlite");
    let fixture = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../fixtures/chorus/deposit-a1.json");
    let invoice: facturx_model::Invoice =
        serde_json::from_str(&std::fs::read_to_string(fixture).unwrap()).unwrap();
    let mut o = Options::new(CheckOptions::new(
        facturx_model::Date::new(2026, 11, 23).unwrap(),
    ));
    o.ledger_path = Some(ledger_path.clone());
    let doc = Document {
        source: "in/FA-2026-000123.pdf".into(),
        file_name: "FA-2026-000123.pdf".into(),
        bytes: b"%PDF-1.7 invoice".to_vec(),
        invoice: Ok(invoice),
        facts: FileFacts::default(),
    };
    let out = dir.path().join("out");
    let s = package_documents(vec![doc], &out, &o).unwrap();
    assert_eq!(s.deposits.len(), 1);
    let mut ledger = Ledger::open(&ledger_path).unwrap();
    let mut c = client(&server);
    deposit_file(
        &mut c,
        &out.join("FA-2026-000123.pdf"),
        Environment::Qualification,
        None,
        &mut ledger,
    )
    .unwrap();
    let entries = ledger.list().unwrap();
    assert_eq!(entries.len(), 1);
    assert_eq!(entries[0].deposit_number.as_deref(), Some("CPP0000001"));
}

#[test]
fn batch_archive_takes_its_syntax_from_the_manifest() {
    use facturx_chorus::package::{BatchFormat, Document, Options, package_documents};
    use facturx_chorus::rules::{CheckOptions, FileFacts};
    let server = start();
    let dir = tempfile::tempdir().unwrap();
    let ledger_path = dir.path().join("ledger.sqlite");
    let fixture = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../fixtures/chorus/deposit-a1.json");
    let base: facturx_model::Invoice =
        serde_json::from_str(&std::fs::read_to_string(fixture).unwrap()).unwrap();
    let docs = (1..=3)
        .map(|i| {
            let mut inv = base.clone();
            inv.number = format!("FA-{i}");
            Document {
                source: format!("FA-{i}.pdf"),
                file_name: format!("FA-{i}.pdf"),
                bytes: format!("%PDF-1.7 {i}").into_bytes(),
                invoice: Ok(inv),
                facts: FileFacts::default(),
            }
        })
        .collect();
    let mut o = Options::new(CheckOptions::new(
        facturx_model::Date::new(2026, 11, 23).unwrap(),
    ));
    o.ledger_path = Some(ledger_path.clone());
    o.batch = BatchFormat::TarGz;
    let out = dir.path().join("out");
    let s = package_documents(docs, &out, &o).unwrap();
    assert_eq!(s.deposits[0].file, "chorus-batch-facturx-001.tar.gz");
    let mut ledger = Ledger::open(&ledger_path).unwrap();
    let mut c = client(&server);
    deposit_file(
        &mut c,
        &out.join("chorus-batch-facturx-001.tar.gz"),
        Environment::Production,
        None,
        &mut ledger,
    )
    .unwrap();
    let body = server
        .state
        .lock()
        .unwrap()
        .requests
        .last()
        .unwrap()
        .body
        .clone();
    let json: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert_eq!(json["syntaxeFlux"], "IN_DP_E2_CII_FACTURX");
    assert_eq!(json["nomFichier"], "chorus-batch-facturx-001.tar.gz");
    let entries = ledger.list().unwrap();
    assert_eq!(entries.len(), 3);
    assert!(
        entries
            .iter()
            .all(|e| e.deposit_number.as_deref() == Some("CPP0000001"))
    );

    // Without manifest nor explicit syntax: a clear error, nothing sent.
    let lone = dir.path().join("lone.tar.gz");
    std::fs::copy(out.join("chorus-batch-facturx-001.tar.gz"), &lone).unwrap();
    let err = deposit_file(&mut c, &lone, Environment::Production, None, &mut ledger).unwrap_err();
    assert!(
        err.to_string().contains("give the batch syntax explicitly"),
        "{err}"
    );
}

#[test]
fn a_token_about_to_expire_is_renewed_before_use() {
    let server = start();
    // Tokens living 30 s are within the client's 60 s safety margin.
    server.state.lock().unwrap().lifetime = 30;
    let mut c = client(&server);
    c.deposit("a.pdf", b"%PDF-1.7").unwrap();
    c.deposit("b.pdf", b"%PDF-1.7").unwrap();
    let st = server.state.lock().unwrap();
    assert_eq!(st.issued, 2);
    // No 401 round trip: each deposit went out with a fresh token.
    let flux = st
        .requests
        .iter()
        .filter(|r| r.path.ends_with("/flux"))
        .count();
    assert_eq!(flux, 2);
}
