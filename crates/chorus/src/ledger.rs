//! The local ledger of packaged invoices: one invoice number per supplier
//! and year, across batches and runs (CPRO-19).
//!
//! One SQLite file (bundled SQLite, no system library). Default location:
//! `$XDG_DATA_HOME/facturx/ledger.sqlite`, else
//! `$HOME/.local/share/facturx/ledger.sqlite` ([`Ledger::default_path`]);
//! `--ledger PATH` overrides it.
//!
//! Invoices are recorded only when a deposit package is written, inside one
//! transaction that [`crate::package()`] holds while it writes the files (see
//! that module for the crash analysis). `list` and `forget` let a user
//! correct the ledger after Chorus Pro rejected a deposit.

use std::path::{Path, PathBuf};

use facturx_model::Invoice;
use rusqlite::{Connection, OptionalExtension, TransactionBehavior, params};

use crate::Error;
use crate::rules::routing::{IdKind, french_ids};
use crate::siret::{check_siren, check_siret};

/// Who issued an invoice and which number-year it holds: the ledger's key.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct InvoiceKey {
    /// The supplier: its SIREN (from a valid SIRET or SIREN of BT-29/BT-30),
    /// else `VAT:` + BT-31, else `NAME:` + BT-27. Numbering is per legal
    /// entity, so the establishments (SIRETs) of one SIREN share it.
    pub supplier: String,
    /// The year of BT-2.
    pub year: u16,
    /// BT-1, trimmed.
    pub number: String,
}

impl InvoiceKey {
    /// The key of an invoice.
    pub fn of(invoice: &Invoice) -> InvoiceKey {
        let seller = &invoice.seller;
        let siren = french_ids(seller, "BT-30", "BT-29")
            .into_iter()
            .find_map(|f| match f.kind {
                IdKind::Siret if check_siret(f.value).is_ok() => f.value.get(..9),
                IdKind::Siren if check_siren(f.value).is_ok() => Some(f.value),
                _ => None,
            });
        let supplier = match (siren, &seller.vat_identifier) {
            (Some(s), _) => s.to_string(),
            (None, Some(vat)) if !vat.trim().is_empty() => format!("VAT:{}", vat.trim()),
            _ => format!("NAME:{}", seller.name.trim()),
        };
        InvoiceKey {
            supplier,
            year: invoice.issue_date.year(),
            number: invoice.number.trim().to_string(),
        }
    }
}

impl std::fmt::Display for InvoiceKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "supplier {}, year {}, number {}",
            self.supplier, self.year, self.number
        )
    }
}

/// One recorded invoice.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// The key.
    pub key: InvoiceKey,
    /// The input file the invoice came from.
    pub source: String,
    /// The deposit file that carries it (the file itself or a batch archive).
    pub deposit_file: String,
    /// SHA-256 of the deposit file, hex.
    pub deposit_sha256: String,
    /// When it was recorded, seconds since 1970 (UTC).
    pub recorded_at: i64,
    /// The number Chorus Pro returned on deposit, once deposited.
    pub deposit_number: Option<String>,
}

/// The ledger file.
#[derive(Debug)]
pub struct Ledger {
    conn: Connection,
    path: PathBuf,
}

const SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS invoices (
    supplier TEXT NOT NULL,
    year INTEGER NOT NULL,
    number TEXT NOT NULL,
    source TEXT NOT NULL,
    deposit_file TEXT NOT NULL,
    deposit_sha256 TEXT NOT NULL,
    recorded_at INTEGER NOT NULL,
    deposit_number TEXT,
    PRIMARY KEY (supplier, year, number)
);
CREATE INDEX IF NOT EXISTS invoices_by_sha ON invoices (deposit_sha256);
CREATE TABLE IF NOT EXISTS deposits (
    deposit_number TEXT PRIMARY KEY,
    file TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    environment TEXT NOT NULL,
    deposited_at INTEGER NOT NULL
);
";

pub(crate) fn now_unix() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX))
        .unwrap_or(0)
}

impl Ledger {
    /// `$XDG_DATA_HOME/facturx/ledger.sqlite`, else
    /// `$HOME/.local/share/facturx/ledger.sqlite`.
    pub fn default_path() -> Result<PathBuf, Error> {
        let base = match std::env::var_os("XDG_DATA_HOME").filter(|v| !v.is_empty()) {
            Some(d) => PathBuf::from(d),
            None => {
                let home = std::env::var_os("HOME")
                    .filter(|v| !v.is_empty())
                    .ok_or(Error::NoLedgerLocation)?;
                PathBuf::from(home).join(".local/share")
            }
        };
        Ok(base.join("facturx").join("ledger.sqlite"))
    }

    /// Opens (creating it and its folder if needed) the ledger at `path`.
    pub fn open(path: &Path) -> Result<Ledger, Error> {
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(|source| Error::Io {
                path: dir.to_path_buf(),
                source,
            })?;
        }
        let ledger_err = |source| Error::Ledger {
            path: path.to_path_buf(),
            source,
        };
        let conn = Connection::open(path).map_err(ledger_err)?;
        conn.busy_timeout(std::time::Duration::from_secs(10))
            .map_err(ledger_err)?;
        // FULL: a committed package survives a power cut, not only a crash.
        conn.execute_batch("PRAGMA synchronous = FULL;")
            .map_err(ledger_err)?;
        conn.execute_batch(SCHEMA).map_err(ledger_err)?;
        Ok(Ledger {
            conn,
            path: path.to_path_buf(),
        })
    }

    /// The ledger file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    fn err(&self, source: rusqlite::Error) -> Error {
        Error::Ledger {
            path: self.path.clone(),
            source,
        }
    }

    /// The entry recorded under `key`, if any.
    pub fn get(&self, key: &InvoiceKey) -> Result<Option<Entry>, Error> {
        get(&self.conn, key).map_err(|e| self.err(e))
    }

    /// Every entry, by supplier, year and number.
    pub fn list(&self) -> Result<Vec<Entry>, Error> {
        let mut stmt = self
            .conn
            .prepare(
                "SELECT supplier, year, number, source, deposit_file, deposit_sha256, \
                 recorded_at, deposit_number FROM invoices ORDER BY supplier, year, number",
            )
            .map_err(|e| self.err(e))?;
        let rows = stmt.query_map([], row_to_entry).map_err(|e| self.err(e))?;
        rows.collect::<Result<Vec<_>, _>>().map_err(|e| self.err(e))
    }

    /// The entries with this invoice number, whatever the supplier and year
    /// (for `ledger forget NUMBER` when one supplier issues all invoices).
    pub fn find_number(&self, number: &str) -> Result<Vec<Entry>, Error> {
        let mut stmt = self
            .conn
            .prepare(
                "SELECT supplier, year, number, source, deposit_file, deposit_sha256, \
                 recorded_at, deposit_number FROM invoices WHERE number = ?1 \
                 ORDER BY supplier, year",
            )
            .map_err(|e| self.err(e))?;
        let rows = stmt
            .query_map(params![number.trim()], row_to_entry)
            .map_err(|e| self.err(e))?;
        rows.collect::<Result<Vec<_>, _>>().map_err(|e| self.err(e))
    }

    /// Removes one entry (after Chorus Pro rejected the invoice, so that a
    /// corrected one can be packaged). Returns false when there was none.
    pub fn forget(&self, key: &InvoiceKey) -> Result<bool, Error> {
        let n = self
            .conn
            .execute(
                "DELETE FROM invoices WHERE supplier = ?1 AND year = ?2 AND number = ?3",
                params![key.supplier, key.year, key.number],
            )
            .map_err(|e| self.err(e))?;
        Ok(n > 0)
    }

    /// Records the number Chorus Pro returned for a deposited file, on the
    /// deposit and on every invoice the file carries (matched by SHA-256).
    /// Returns how many invoices were updated.
    pub fn record_deposit(
        &mut self,
        file: &str,
        sha256: &str,
        environment: &str,
        deposit_number: &str,
    ) -> Result<usize, Error> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(|e| Error::Ledger {
                path: self.path.clone(),
                source: e,
            })?;
        let result = (|| {
            tx.execute(
                "INSERT OR REPLACE INTO deposits (deposit_number, file, sha256, environment, \
                 deposited_at) VALUES (?1, ?2, ?3, ?4, ?5)",
                params![deposit_number, file, sha256, environment, now_unix()],
            )?;
            let n = tx.execute(
                "UPDATE invoices SET deposit_number = ?1 WHERE deposit_sha256 = ?2",
                params![deposit_number, sha256],
            )?;
            tx.commit()?;
            Ok(n)
        })();
        result.map_err(|e| self.err(e))
    }

    /// Starts the write transaction a package runs in. `IMMEDIATE` takes the
    /// write lock now, so two packagers cannot both see a number as free.
    pub(crate) fn begin(&mut self) -> Result<LedgerTx<'_>, Error> {
        let path = self.path.clone();
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(|source| Error::Ledger {
                path: path.clone(),
                source,
            })?;
        Ok(LedgerTx { tx, path })
    }
}

fn get(conn: &Connection, key: &InvoiceKey) -> rusqlite::Result<Option<Entry>> {
    conn.query_row(
        "SELECT supplier, year, number, source, deposit_file, deposit_sha256, recorded_at, \
         deposit_number FROM invoices WHERE supplier = ?1 AND year = ?2 AND number = ?3",
        params![key.supplier, key.year, key.number],
        row_to_entry,
    )
    .optional()
}

fn row_to_entry(row: &rusqlite::Row<'_>) -> rusqlite::Result<Entry> {
    Ok(Entry {
        key: InvoiceKey {
            supplier: row.get(0)?,
            year: row.get(1)?,
            number: row.get(2)?,
        },
        source: row.get(3)?,
        deposit_file: row.get(4)?,
        deposit_sha256: row.get(5)?,
        recorded_at: row.get(6)?,
        deposit_number: row.get(7)?,
    })
}

/// The open write transaction of a package run. Dropped without
/// [`LedgerTx::commit`], it rolls back.
pub(crate) struct LedgerTx<'a> {
    tx: rusqlite::Transaction<'a>,
    path: PathBuf,
}

impl LedgerTx<'_> {
    fn err(&self, source: rusqlite::Error) -> Error {
        Error::Ledger {
            path: self.path.clone(),
            source,
        }
    }

    pub(crate) fn get(&self, key: &InvoiceKey) -> Result<Option<Entry>, Error> {
        get(&self.tx, key).map_err(|e| self.err(e))
    }

    /// True when a committed package recorded a deposit file with this SHA-256.
    pub(crate) fn has_deposit_sha(&self, sha256: &str) -> Result<bool, Error> {
        self.tx
            .query_row(
                "SELECT 1 FROM invoices WHERE deposit_sha256 = ?1 LIMIT 1",
                params![sha256],
                |_| Ok(()),
            )
            .optional()
            .map(|r| r.is_some())
            .map_err(|e| self.err(e))
    }

    pub(crate) fn insert(&self, entry: &Entry) -> Result<(), Error> {
        self.tx
            .execute(
                "INSERT INTO invoices (supplier, year, number, source, deposit_file, \
                 deposit_sha256, recorded_at, deposit_number) \
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                params![
                    entry.key.supplier,
                    entry.key.year,
                    entry.key.number,
                    entry.source,
                    entry.deposit_file,
                    entry.deposit_sha256,
                    entry.recorded_at,
                    entry.deposit_number
                ],
            )
            .map(|_| ())
            .map_err(|e| self.err(e))
    }

    pub(crate) fn commit(self) -> Result<(), Error> {
        let path = self.path;
        self.tx
            .commit()
            .map_err(|source| Error::Ledger { path, source })
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

    fn key(n: &str) -> InvoiceKey {
        InvoiceKey {
            supplier: "123456782".to_string(),
            year: 2026,
            number: n.to_string(),
        }
    }

    fn entry(n: &str) -> Entry {
        Entry {
            key: key(n),
            source: format!("{n}.xml"),
            deposit_file: format!("{n}.xml"),
            deposit_sha256: "ab".repeat(32),
            recorded_at: 1,
            deposit_number: None,
        }
    }

    #[test]
    fn insert_list_forget_and_rollback() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("sub/ledger.sqlite");
        let mut ledger = Ledger::open(&path).unwrap();
        {
            let tx = ledger.begin().unwrap();
            tx.insert(&entry("A")).unwrap();
            // Same key twice: the primary key refuses it.
            assert!(tx.insert(&entry("A")).is_err());
            tx.commit().unwrap();
        }
        {
            let tx = ledger.begin().unwrap();
            tx.insert(&entry("B")).unwrap();
            // dropped: rolled back
        }
        let keys: Vec<String> = ledger
            .list()
            .unwrap()
            .into_iter()
            .map(|e| e.key.number)
            .collect();
        assert_eq!(keys, ["A"]);
        // Reopening sees the same state.
        drop(ledger);
        let mut ledger = Ledger::open(&path).unwrap();
        assert!(ledger.get(&key("A")).unwrap().is_some());
        assert_eq!(ledger.find_number(" A ").unwrap().len(), 1);
        assert!(ledger.find_number("B").unwrap().is_empty());
        assert_eq!(
            ledger
                .record_deposit("A.xml", &"ab".repeat(32), "qualification", "DEP-1")
                .unwrap(),
            1
        );
        assert_eq!(
            ledger
                .get(&key("A"))
                .unwrap()
                .unwrap()
                .deposit_number
                .as_deref(),
            Some("DEP-1")
        );
        assert!(ledger.forget(&key("A")).unwrap());
        assert!(!ledger.forget(&key("A")).unwrap());
        assert!(ledger.list().unwrap().is_empty());
    }

    #[test]
    fn key_uses_the_siren() {
        let json = r#"{"number": " F1 ", "issue_date": "2026-01-05", "currency": "EUR",
            "seller": {"name": "S", "identifiers": [{"id": "12345678200077", "scheme": "0009"}]},
            "buyer": {"name": "B"}}"#;
        let mut inv: Invoice = serde_json::from_str(json).unwrap();
        assert_eq!(
            InvoiceKey::of(&inv),
            InvoiceKey {
                supplier: "123456782".into(),
                year: 2026,
                number: "F1".into()
            }
        );
        inv.seller.identifiers.clear();
        inv.seller.vat_identifier = Some("FR11123456782".into());
        assert_eq!(InvoiceKey::of(&inv).supplier, "VAT:FR11123456782");
        inv.seller.vat_identifier = None;
        assert_eq!(InvoiceKey::of(&inv).supplier, "NAME:S");
    }

    #[test]
    fn default_path_follows_xdg() {
        // Only reads the environment; the variables are process-wide, so the
        // check compares with what the environment says instead of setting it.
        let path = Ledger::default_path();
        match std::env::var_os("XDG_DATA_HOME").filter(|v| !v.is_empty()) {
            Some(d) => assert_eq!(
                path.unwrap(),
                PathBuf::from(d).join("facturx/ledger.sqlite")
            ),
            None => assert!(
                path.unwrap()
                    .ends_with(".local/share/facturx/ledger.sqlite")
            ),
        }
    }
}
