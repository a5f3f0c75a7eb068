//! Reading one grouped invoice into the model.

use facturx_model::{
    Address, Amount, Contact, CountryCode, CurrencyCode, Date, Decimal, Delivery, Identifier,
    Invoice, Item, Line, LineVat, Note, Party, PaymentMeans, Period, Price, Profile, VatBreakdown,
    VatCategory, calc,
};

use super::credit_note;
use super::date::{excel_serial, hint as date_hint};
use super::field::{Field, Kind, Level};
use super::group::RawInvoice;
use super::mapping::{Plan, Source};
use super::problem::Problem;
use super::rows::Row;
use super::unit;

/// Reads `raw` into an [`Invoice`] for `profile`, with totals computed.
/// Every problem found is returned, not only the first.
pub fn build_invoice(
    raw: &RawInvoice,
    plan: &Plan,
    profile: Profile,
) -> Result<Invoice, Vec<Problem>> {
    // A grouping problem (duplicate, orphan lines) says all there is to say:
    // reading the rows as an invoice would only add noise.
    if !raw.problems.is_empty() {
        return Err(raw.problems.clone());
    }
    let mut problems: Vec<Problem> = Vec::new();
    let header_row = raw.header.as_ref().or(raw.rows.first());
    let Some(header_row) = header_row else {
        problems.push(Problem::invoice("CSV-MISSING", "no rows"));
        return Err(problems);
    };
    if let Some(p) = totals_row(raw, plan) {
        return Err(vec![p]);
    }
    let split = raw.split;
    for row in raw.header.iter() {
        if let Some(p) = &row.problem {
            problems.push(p.clone());
        }
    }
    for row in &raw.rows {
        if let Some(p) = &row.problem {
            let mut p = p.clone();
            p.lines_file = split;
            problems.push(p);
        }
    }
    let mut cx = Cx {
        plan,
        problems: &mut problems,
        currency: None,
    };
    let header = cx.header(header_row, profile);
    cx.currency = header.as_ref().map(|i| i.currency.as_str().to_string());
    if raw.rows.is_empty() && !raw.split {
        cx.problems
            .push(Problem::invoice("CSV-MISSING", "no lines"));
    }
    let mut lines = Vec::with_capacity(raw.rows.len());
    for (i, row) in raw.rows.iter().enumerate() {
        if let Some(line) = cx.line(row, i + 1, split) {
            lines.push(line);
        }
    }
    if raw.rows.is_empty() && raw.split && raw.problems.is_empty() {
        cx.problems
            .push(Problem::invoice("CSV-MISSING", "no lines"));
    }
    let checks = cx.checks(header_row);
    let line_checks: Vec<(u64, Option<(String, Amount)>)> = raw
        .rows
        .iter()
        .map(|r| (r.line, cx.amount_column(r, Field::LineNetAmount, split)))
        .collect();
    let mut invoice = match header {
        Some(invoice) if problems.is_empty() => invoice,
        _ => return Err(problems),
    };
    invoice.lines = lines;
    if invoice
        .lines
        .iter()
        .any(|l| l.vat.category == VatCategory::Exempt)
    {
        let reason = plan.exemption_reason.clone();
        let reason = invoice
            .vat_breakdown
            .first()
            .and_then(|b| b.exemption_reason.clone())
            .or(reason);
        invoice.vat_breakdown = vec![VatBreakdown {
            taxable_amount: Amount::ZERO,
            tax_amount: Amount::ZERO,
            category: VatCategory::Exempt,
            rate: Some(Decimal::ZERO),
            exemption_reason: reason,
            exemption_reason_code: None,
        }];
    } else {
        invoice.vat_breakdown.clear();
    }
    let before = invoice.clone();
    if let Err(e) = calc::compute(&mut invoice) {
        return Err(vec![Problem::invoice("CSV-CALC", e.to_string())]);
    }
    let (mut line_checks, mut checks) = (line_checks, checks);
    match credit_note::sign(&invoice, plan.negative_credit_notes) {
        credit_note::Sign::Keep => {}
        credit_note::Sign::Contradiction(message) => {
            return Err(vec![Problem::new(
                "CSV-SIGN",
                header_row.line,
                None,
                message,
            )]);
        }
        credit_note::Sign::Flip => {
            invoice = credit_note::flipped(before);
            if let Err(e) = calc::compute(&mut invoice) {
                return Err(vec![Problem::invoice("CSV-CALC", e.to_string())]);
            }
            credit_note::negate_checks(&mut line_checks, &mut checks);
        }
    }
    for ((line, given), computed) in line_checks.iter().zip(&invoice.lines) {
        if let (Some((column, given)), Some(computed)) = (given, computed.net_amount) {
            if *given != computed {
                let mut p = Problem::new(
                    "CSV-TOTAL",
                    *line,
                    Some(column.clone()),
                    format!(
                        "line net amount {given} given, {computed} computed from quantity and price"
                    ),
                );
                p.lines_file = split;
                problems.push(p);
            }
        }
    }
    if let Some(totals) = &invoice.totals {
        for (field, column, given) in checks {
            let computed = match field {
                Field::CheckTaxBasisTotal => Some(totals.tax_basis_total),
                Field::CheckTaxTotal => totals.tax_total,
                _ => Some(totals.grand_total),
            };
            if computed != Some(given) {
                let computed = computed.map_or_else(|| "none".to_string(), |c| c.to_string());
                problems.push(Problem::new(
                    "CSV-TOTAL",
                    header_row.line,
                    Some(column),
                    format!(
                        "{} {given} given, {computed} computed from the lines",
                        field.name()
                    ),
                ));
            }
        }
    }
    if problems.is_empty() {
        Ok(invoice)
    } else {
        Err(problems)
    }
}

/// Spreadsheets end many exports with a totals row (`Total;;;;1 234,56`):
/// its "invoice number" is a word such as `Total` and it has no line. It is
/// rejected, not dropped, since only the user can tell that nothing was
/// lost; the message says what it is.
fn totals_row(raw: &RawInvoice, plan: &Plan) -> Option<Problem> {
    let n = super::init::normalize(&raw.number);
    let word = [
        "total",
        "totaux",
        "sous total",
        "grand total",
        "total general",
        "sum",
        "somme",
    ]
    .iter()
    .any(|w| n == *w || n.strip_prefix(w).is_some_and(|r| r.starts_with(' ')));
    let [row] = raw.rows.as_slice() else {
        return None;
    };
    if !word || raw.split {
        return None;
    }
    let empty = |field: Field| {
        plan.lines.iter().all(|(f, s)| match s {
            Source::Column(i, ..) if *f == field => {
                row.record.get(*i).is_none_or(|v| v.trim().is_empty())
            }
            _ => true,
        })
    };
    (empty(Field::LineName) && empty(Field::LineQuantity) && empty(Field::LinePrice)).then(|| {
        Problem::new(
            "CSV-TOTALS-ROW",
            row.line,
            None,
            format!(
                "{:?} with no line name, quantity or price looks like a totals row, not an invoice: remove it from the export",
                raw.number
            ),
        )
    })
}

struct Cx<'a> {
    plan: &'a Plan,
    problems: &'a mut Vec<Problem>,
    /// BT-5 once the header is read: a currency written beside an amount
    /// must be this one.
    currency: Option<String>,
}

impl Cx<'_> {
    fn source(&self, field: Field) -> Option<&Source> {
        let list = match field.level() {
            Level::Header => &self.plan.header,
            Level::Line => &self.plan.lines,
        };
        list.iter().find(|(f, _)| *f == field).map(|(_, s)| s)
    }

    /// The text of `field` on `row` (or its constant), trimmed, with the
    /// column name; `None` when unmapped or empty.
    fn text<'r>(&'r self, row: &'r Row, field: Field) -> Option<(&'r str, Option<&'r str>)> {
        let (value, column) = match self.source(field)? {
            Source::Column(i, name, constant) => {
                match row.record.get(*i).map(str::trim).filter(|v| !v.is_empty()) {
                    Some(v) => (v, Some(name.as_str())),
                    None => (constant.as_deref()?, None),
                }
            }
            Source::Constant(c) => (c.as_str(), None),
        };
        let value = value.trim();
        (!value.is_empty()).then_some((value, column))
    }

    fn problem(
        &mut self,
        row: &Row,
        column: Option<&str>,
        field: Field,
        lines_file: bool,
        message: String,
    ) {
        let mut p = Problem::new(
            rule_for(field.kind(), &message),
            row.line,
            column.map(str::to_string),
            format!("{}: {message}", field.name()),
        );
        p.lines_file = lines_file;
        self.problems.push(p);
    }

    fn string(&mut self, row: &Row, field: Field) -> Option<String> {
        self.text(row, field).map(|(v, _)| v.to_string())
    }

    fn required(&mut self, row: &Row, field: Field, lines_file: bool) -> String {
        match self.string(row, field) {
            Some(s) => s,
            None => {
                let column = match self.source(field) {
                    Some(Source::Column(_, name, _)) => Some(name.clone()),
                    _ => None,
                };
                self.problem(
                    row,
                    column.as_deref(),
                    field,
                    lines_file,
                    "missing (mandatory)".to_string(),
                );
                String::new()
            }
        }
    }

    fn date(&mut self, row: &Row, field: Field, lines_file: bool) -> Option<Date> {
        let (value, column) = self.text(row, field)?;
        let serial = || {
            self.plan
                .excel_serial_dates
                .then(|| excel_serial(value))
                .flatten()
        };
        match self.plan.dates.parse(value).or_else(serial) {
            Some(d) => Some(d),
            None => {
                let (value, column) = (value.to_string(), column.map(str::to_string));
                let hint = date_hint(&self.plan.date_format, &value);
                self.problem(
                    row,
                    column.as_deref(),
                    field,
                    lines_file,
                    format!("{value:?} is not a date in the mapping's date format{hint}"),
                );
                None
            }
        }
    }

    fn decimal(&mut self, row: &Row, field: Field, lines_file: bool) -> Option<Decimal> {
        let (value, column) = self.text(row, field)?;
        let (value, column) = (value.to_string(), column.map(str::to_string));
        self.read_decimal(row, field, lines_file, &value, column)
    }

    /// The quantity, and the unit code written after it when
    /// `csv.quantity_units` is set (`2,5 h` is 2.5 HUR).
    fn quantity(&mut self, row: &Row, lines_file: bool) -> (Option<Decimal>, Option<&'static str>) {
        let field = Field::LineQuantity;
        let Some((value, column)) = self.text(row, field) else {
            return (None, None);
        };
        let (value, column) = (value.to_string(), column.map(str::to_string));
        let split = if self.plan.quantity_units {
            unit::split_quantity(&value)
        } else {
            None
        };
        let Some((number, word)) = split else {
            return (
                self.read_decimal(row, field, lines_file, &value, column),
                None,
            );
        };
        let Some(code) = unit::code_for(word) else {
            let message = format!(
                "{value:?}: unit {word:?} is not one this reader knows (h, j, kg, L, m, m², pc, u ...): export the unit code (UN/ECE Rec 20) in a column mapped to line.unit"
            );
            self.problem(row, column.as_deref(), Field::LineUnit, lines_file, message);
            return (None, None);
        };
        (
            self.read_decimal(row, field, lines_file, number, column),
            Some(code),
        )
    }

    fn read_decimal(
        &mut self,
        row: &Row,
        field: Field,
        lines_file: bool,
        value: &str,
        column: Option<String>,
    ) -> Option<Decimal> {
        let value = value.to_string();
        let message = match self.plan.numbers.read(&value) {
            None => format!(
                "{value:?} is not a number{}",
                self.plan.numbers.hint(&value)
            ),
            Some(n) if n.percent && field != Field::LineVatRate => {
                format!("{value:?}: a percentage is not a {}", kind_word(field))
            }
            Some(n)
                if n.currency.is_some()
                    && !matches!(field.kind(), Kind::Amount)
                    && !is_price(field) =>
            {
                format!(
                    "{value:?}: a currency is not allowed in a {}",
                    kind_word(field)
                )
            }
            Some(n) => match &self.currency {
                Some(c) if !n.currency_is(c) => format!(
                    "{value:?} is in {}, the invoice currency is {c}",
                    n.currency.as_deref().unwrap_or("")
                ),
                _ if field == Field::LineVatRate => match self.rate(&n, &value) {
                    Ok(rate) => return Some(rate),
                    Err(message) => message,
                },
                _ => return Some(n.value),
            },
        };
        self.problem(row, column.as_deref(), field, lines_file, message);
        None
    }

    /// A VAT rate in percent, read as the mapping's `csv.vat_rate_format` says.
    fn rate(&self, n: &super::number::Number, text: &str) -> Result<Decimal, String> {
        let hundred = Decimal::ONE_HUNDRED;
        if self.plan.rate_fraction && !n.percent {
            if n.value.abs() > Decimal::ONE {
                return Err(format!(
                    "{text:?} is not a fraction of 1, as csv.vat_rate_format = \"fraction\" says (write 0.2 for 20 %)"
                ));
            }
            return Ok((n.value * hundred).normalize());
        }
        // No VAT rate lies strictly between 0 % and 1 %: such a value is a
        // fraction (0.2 for 20 %), and reading it as a percentage would
        // write a valid-looking invoice with the wrong tax.
        if !n.percent && n.value > Decimal::ZERO && n.value < Decimal::ONE {
            return Err(format!(
                "{text:?} looks like a fraction of 1 ({} %): set csv.vat_rate_format = \"fraction\" if the export writes rates so",
                (n.value * hundred).normalize()
            ));
        }
        Ok(n.value)
    }

    fn amount_column(
        &mut self,
        row: &Row,
        field: Field,
        lines_file: bool,
    ) -> Option<(String, Amount)> {
        let name = match self.text(row, field)? {
            (_, Some(c)) => c.to_string(),
            (_, None) => field.name().to_string(),
        };
        let d = self.decimal(row, field, lines_file)?;
        match Amount::new(d) {
            Ok(a) => Some((name, a)),
            Err(e) => {
                self.problem(row, Some(&name), field, lines_file, e.to_string());
                None
            }
        }
    }

    fn code<T>(
        &mut self,
        row: &Row,
        field: Field,
        lines_file: bool,
        parse: impl Fn(&str) -> Option<T>,
    ) -> Option<T> {
        let (value, column) = self.text(row, field)?;
        let upper = value.to_ascii_uppercase();
        match parse(&upper) {
            Some(v) => Some(v),
            None => {
                let (value, column) = (value.to_string(), column.map(str::to_string));
                self.problem(
                    row,
                    column.as_deref(),
                    field,
                    lines_file,
                    format!("{value:?} is not a valid code"),
                );
                None
            }
        }
    }

    fn header(&mut self, row: &Row, profile: Profile) -> Option<Invoice> {
        let number = self.required(row, Field::Number, false);
        let issue_date = self.date(row, Field::IssueDate, false);
        if issue_date.is_none() && self.text(row, Field::IssueDate).is_none() {
            self.required(row, Field::IssueDate, false);
        }
        let currency = self.code(row, Field::Currency, false, |c| CurrencyCode::new(c).ok());
        if currency.is_none() && self.text(row, Field::Currency).is_none() {
            self.required(row, Field::Currency, false);
        }
        let seller = self.party(row, true);
        let buyer = self.party(row, false);
        let type_code = self
            .code(row, Field::TypeCode, false, |c| {
                (c.len() == 3 && c.bytes().all(|b| b.is_ascii_digit())).then(|| c.to_string())
            })
            .unwrap_or_else(|| "380".to_string());
        let due_date = self.date(row, Field::DueDate, false);
        let delivery_date = self.date(row, Field::DeliveryDate, false);
        let start = self.date(row, Field::PeriodStart, false);
        let end = self.date(row, Field::PeriodEnd, false);
        let means = self.code(row, Field::PaymentMeansCode, false, |c| {
            (!c.is_empty() && c.len() <= 3 && c.bytes().all(|b| b.is_ascii_alphanumeric()))
                .then(|| c.to_string())
        });
        let iban = self
            .string(row, Field::PaymentIban)
            .map(|s| s.replace(' ', ""));
        let bic = self.string(row, Field::PaymentBic);
        let payment_means = if means.is_some() || iban.is_some() {
            vec![PaymentMeans {
                type_code: means.unwrap_or_else(|| {
                    if iban.is_some() {
                        "58".to_string()
                    } else {
                        "30".to_string()
                    }
                }),
                iban,
                bic,
                ..PaymentMeans::default()
            }]
        } else {
            Vec::new()
        };
        let reason = self.string(row, Field::VatExemptionReason);
        let (Some(issue_date), Some(currency), Some(seller), Some(buyer)) =
            (issue_date, currency, seller, buyer)
        else {
            return None;
        };
        Some(Invoice {
            profile: Some(profile),
            number,
            type_code,
            issue_date,
            currency,
            tax_currency: None,
            tax_point_date: None,
            tax_point_date_code: None,
            due_date,
            buyer_reference: self.string(row, Field::BuyerReference),
            project: None,
            contract_reference: self.string(row, Field::ContractReference),
            purchase_order_reference: self.string(row, Field::PurchaseOrderReference),
            sales_order_reference: None,
            receiving_advice_reference: None,
            despatch_advice_reference: None,
            tender_reference: None,
            invoiced_object: None,
            buyer_accounting_reference: None,
            payment_terms: self.string(row, Field::PaymentTerms),
            notes: self
                .string(row, Field::Note)
                .map(|text| {
                    vec![Note {
                        text,
                        subject_code: None,
                    }]
                })
                .unwrap_or_default(),
            business_process: self.string(row, Field::BusinessProcess),
            preceding_invoices: Vec::new(),
            seller,
            buyer,
            payee: None,
            tax_representative: None,
            delivery: delivery_date.map(|d| Delivery {
                ship_to: None,
                actual_delivery_date: Some(d),
            }),
            invoicing_period: (start.is_some() || end.is_some()).then_some(Period { start, end }),
            remittance_information: self.string(row, Field::RemittanceInformation),
            payment_means,
            mandate_reference: None,
            creditor_reference: None,
            allowances: Vec::new(),
            charges: Vec::new(),
            vat_breakdown: reason
                .map(|r| {
                    vec![VatBreakdown {
                        taxable_amount: Amount::ZERO,
                        tax_amount: Amount::ZERO,
                        category: VatCategory::Exempt,
                        rate: Some(Decimal::ZERO),
                        exemption_reason: Some(r),
                        exemption_reason_code: None,
                    }]
                })
                .unwrap_or_default(),
            totals: None,
            additional_documents: Vec::new(),
            lines: Vec::new(),
        })
    }

    fn party(&mut self, row: &Row, seller: bool) -> Option<Party> {
        let f = |s: Field, b: Field| if seller { s } else { b };
        let name = self.required(row, f(Field::SellerName, Field::BuyerName), false);
        let country_field = f(Field::SellerCountry, Field::BuyerCountry);
        let country = self.code(row, country_field, false, |c| CountryCode::new(c).ok());
        if country.is_none() && self.text(row, country_field).is_none() {
            self.required(row, country_field, false);
        }
        let siret = self
            .string(row, f(Field::SellerSiret, Field::BuyerSiret))
            .map(|s| s.replace(' ', ""));
        let siren = self
            .string(row, f(Field::SellerSiren, Field::BuyerSiren))
            .map(|s| s.replace(' ', ""));
        let legal_registration = siret
            .map(|s| Identifier::with_scheme(s, "0009"))
            .or_else(|| siren.map(|s| Identifier::with_scheme(s, "0002")));
        let id = self.string(row, f(Field::SellerId, Field::BuyerId));
        let email = self.string(row, f(Field::SellerEmail, Field::BuyerEmail));
        Some(Party {
            name,
            trading_name: if seller {
                self.string(row, Field::SellerTradingName)
            } else {
                None
            },
            identifiers: id.map(Identifier::new).into_iter().collect(),
            legal_registration,
            legal_information: if seller {
                self.string(row, Field::SellerLegalInformation)
            } else {
                None
            },
            vat_identifier: self
                .string(row, f(Field::SellerVatId, Field::BuyerVatId))
                .map(|s| s.replace(' ', "")),
            tax_registration: None,
            electronic_address: email.map(|e| Identifier::with_scheme(e, "EM")),
            address: Some(Address {
                line1: self.string(row, f(Field::SellerLine1, Field::BuyerLine1)),
                line2: self.string(row, f(Field::SellerLine2, Field::BuyerLine2)),
                line3: None,
                city: self.string(row, f(Field::SellerCity, Field::BuyerCity)),
                postcode: self.string(row, f(Field::SellerPostcode, Field::BuyerPostcode)),
                subdivision: None,
                country: country?,
            }),
            contacts: Vec::<Contact>::new(),
        })
    }

    fn line(&mut self, row: &Row, index: usize, lines_file: bool) -> Option<Line> {
        let before = self.problems.len();
        let name = self.required(row, Field::LineName, lines_file);
        let (quantity, written_unit) = self.quantity(row, lines_file);
        if quantity.is_none() && self.text(row, Field::LineQuantity).is_none() {
            self.required(row, Field::LineQuantity, lines_file);
        }
        let price = self.decimal(row, Field::LinePrice, lines_file);
        if price.is_none() && self.text(row, Field::LinePrice).is_none() {
            self.required(row, Field::LinePrice, lines_file);
        }
        let rate = self.decimal(row, Field::LineVatRate, lines_file);
        let category = self.code(
            row,
            Field::LineVatCategory,
            lines_file,
            VatCategory::from_code,
        );
        let category = match (category, rate) {
            (Some(c), _) => Some(c),
            (None, Some(r)) => self.infer_category(row, r, lines_file),
            (None, None) => {
                if self.text(row, Field::LineVatRate).is_none()
                    && self.text(row, Field::LineVatCategory).is_none()
                {
                    self.required(row, Field::LineVatRate, lines_file);
                }
                None
            }
        };
        let unit_column = self.code(row, Field::LineUnit, lines_file, |c| {
            (!c.is_empty() && c.len() <= 3 && c.bytes().all(|b| b.is_ascii_alphanumeric()))
                .then(|| c.to_string())
        });
        let unit = match (unit_column, written_unit) {
            (Some(c), Some(w)) if c != w => {
                let message = format!("the quantity is written in {w}, the unit column says {c}");
                self.problem(row, None, Field::LineUnit, lines_file, message);
                c
            }
            (Some(c), _) => c,
            (None, Some(w)) => w.to_string(),
            (None, None) => "C62".to_string(),
        };
        let gross = self.decimal(row, Field::LineGrossPrice, lines_file);
        let start = self.date(row, Field::LinePeriodStart, lines_file);
        let end = self.date(row, Field::LinePeriodEnd, lines_file);
        let description = self.string(row, Field::LineDescription);
        let id = self
            .string(row, Field::LineId)
            .unwrap_or_else(|| index.to_string());
        if self.problems.len() > before {
            return None;
        }
        let (quantity, price, category) = (quantity?, price?, category?);
        let rate = if category.forbids_rate() {
            None
        } else {
            Some(rate.unwrap_or_default())
        };
        Some(Line {
            id,
            note: self.string(row, Field::LineNote),
            object_identifier: None,
            quantity,
            unit_code: unit,
            net_amount: None,
            order_line_reference: self.string(row, Field::LineOrderLineReference),
            accounting_reference: self.string(row, Field::LineAccountingReference),
            period: (start.is_some() || end.is_some()).then_some(Period { start, end }),
            allowances: Vec::new(),
            charges: Vec::new(),
            price: Price {
                net: price,
                discount: gross.map(|g| g - price).filter(|d| !d.is_zero()),
                gross,
                base_quantity: None,
                base_quantity_unit: None,
            },
            vat: LineVat { category, rate },
            item: Item {
                name,
                description,
                seller_id: self.string(row, Field::LineSellerItemId),
                buyer_id: self.string(row, Field::LineBuyerItemId),
                ..Item::default()
            },
        })
    }

    fn infer_category(
        &mut self,
        row: &Row,
        rate: Decimal,
        lines_file: bool,
    ) -> Option<VatCategory> {
        let normalized = rate.normalize();
        if let Some((_, c)) = self
            .plan
            .rate_categories
            .iter()
            .find(|(r, _)| r.normalize() == normalized)
        {
            return Some(*c);
        }
        if rate > Decimal::ZERO {
            return Some(VatCategory::Standard);
        }
        if rate.is_zero() {
            if let Some(c) = self.plan.zero_rate_category {
                return Some(c);
            }
        }
        let column = match self.source(Field::LineVatRate) {
            Some(Source::Column(_, name, _)) => Some(name.clone()),
            _ => None,
        };
        let message = if rate.is_zero() {
            "rate 0 and no VAT category: map line.vat_category or set vat.zero_rate_category (E, Z, AE, K, G)".to_string()
        } else {
            format!("{rate} is not a VAT rate")
        };
        self.problem(
            row,
            column.as_deref(),
            Field::LineVatCategory,
            lines_file,
            message,
        );
        None
    }

    fn checks(&mut self, row: &Row) -> Vec<(Field, String, Amount)> {
        [
            Field::CheckTaxBasisTotal,
            Field::CheckTaxTotal,
            Field::CheckGrandTotal,
        ]
        .into_iter()
        .filter_map(|f| self.amount_column(row, f, false).map(|(c, a)| (f, c, a)))
        .collect()
    }
}

fn is_price(field: Field) -> bool {
    matches!(field, Field::LinePrice | Field::LineGrossPrice)
}

fn kind_word(field: Field) -> &'static str {
    match field {
        Field::LineQuantity => "quantity",
        Field::LineVatRate => "rate",
        f if is_price(f) => "price",
        _ => "amount",
    }
}

fn rule_for(kind: Kind, message: &str) -> &'static str {
    if message.starts_with("missing") {
        return "CSV-MISSING";
    }
    match kind {
        Kind::Date => "CSV-DATE",
        Kind::Amount | Kind::Decimal => "CSV-NUMBER",
        Kind::Code => "CSV-CODE",
        Kind::Text => "CSV-VALUE",
    }
}
