//! Lays an invoice out on A4 pages: header blocks, the line table (over as
//! many pages as needed, header repeated), allowances and charges, VAT
//! breakdown, totals, payment and the French mandatory mentions.

use facturx_model::{
    AllowanceCharge, Amount, CurrencyCode, Decimal, Invoice, Line, Party, VatCategory,
};

use crate::fonts::Weight;
use crate::format::{Formatter, iban};
use crate::labels::{self, Labels};
use crate::options::Rgb;
use crate::sheet::{BOTTOM, INK, LEFT, MUTED, PAGE_W, RIGHT, RULE, Sheet, Style, TOP, WHITE};
use crate::{Lang, RenderOptions};

const BODY: Style = Style::new(8.5, Weight::Regular, INK);
const BODY_BOLD: Style = Style::new(8.5, Weight::Bold, INK);
const SMALL: Style = Style::new(7.5, Weight::Regular, MUTED);
const SMALL_INK: Style = Style::new(7.5, Weight::Regular, INK);

/// Line table columns: (left, right) edges.
const COL_DESC: (f32, f32) = (LEFT, 272.0);
const COL_QTY: (f32, f32) = (272.0, 318.0);
const COL_UNIT: (f32, f32) = (318.0, 360.0);
const COL_PRICE: (f32, f32) = (360.0, 434.0);
const COL_VAT: (f32, f32) = (434.0, 480.0);
const COL_NET: (f32, f32) = (480.0, RIGHT);
const PAD: f32 = 4.0;

/// What the painter needs besides the operations.
pub(crate) struct Laid {
    pub sheet: Sheet,
    pub footer: Vec<String>,
    pub page_label: &'static str,
    pub title: String,
}

struct Ctx<'a> {
    inv: &'a Invoice,
    l: &'static Labels,
    f: Formatter,
    lang: Lang,
    accent: Rgb,
    cur: &'a CurrencyCode,
    sheet: Sheet,
    y: f32,
    title: &'static str,
}

pub(crate) fn lay_out(inv: &Invoice, options: &RenderOptions, sheet: Sheet) -> Laid {
    let l = Labels::for_lang(options.lang);
    let mut c = Ctx {
        inv,
        l,
        f: Formatter::new(options.lang),
        lang: options.lang,
        accent: options.template.accent_color,
        cur: &inv.currency,
        sheet,
        y: TOP,
        title: l.title(&inv.type_code, inv.is_credit_note()),
    };
    c.header(options);
    c.line_table();
    c.allowances_charges();
    c.totals();
    c.payment();
    c.notes_and_mentions();
    let footer = c.footer_lines(options);
    Laid {
        title: format!("{} {}", c.title, inv.number),
        sheet: c.sheet,
        footer,
        page_label: l.page,
    }
}

impl Ctx<'_> {
    fn style(&self, size: f32, weight: Weight) -> Style {
        Style::new(size, weight, self.accent)
    }

    fn amount(&self, a: Amount) -> String {
        self.f.amount(a, self.cur)
    }

    fn rate(&self, category: VatCategory, rate: Option<Decimal>) -> String {
        let pct = rate.map(|r| self.f.percent(r));
        match (category, pct) {
            (VatCategory::Standard, Some(p)) => p,
            (cat, Some(p)) => format!("{p} ({})", cat.code()),
            (cat, None) => cat.code().to_string(),
        }
    }

    /// Starts a new page when `h` points do not fit; returns true if it did.
    fn reserve(&mut self, h: f32) -> bool {
        if self.y + h <= BOTTOM {
            return false;
        }
        self.sheet.new_page();
        self.continuation_header();
        true
    }

    fn continuation_header(&mut self) {
        let y = TOP + 8.0;
        let who = format!(
            "{} {} {} ({})",
            self.title, self.l.number, self.inv.number, self.l.continued
        );
        self.sheet
            .text(LEFT, y, self.style(9.0, Weight::Bold), &who);
        self.sheet
            .text_right(RIGHT, y, SMALL, &self.inv.seller.name);
        self.sheet.hline(LEFT, RIGHT, y + 6.0, 0.8, self.accent);
        self.y = y + 20.0;
    }

    // ---------------------------------------------------------------- header

    fn header(&mut self, options: &RenderOptions) {
        let inv = self.inv;
        // Letterhead band.
        self.sheet.rect(0.0, 0.0, PAGE_W, 6.0, self.accent);

        // Left: logo, seller.
        let mut yl = TOP;
        if let Some(logo) = &options.logo {
            let (pw, ph) = logo.size();
            let (pw, ph) = (pw as f32, ph as f32);
            let scale = (150.0 / pw).min(52.0 / ph);
            let (w, h) = (pw * scale, ph * scale);
            self.sheet.logo(LEFT, yl, w, h);
            yl += h + 10.0;
        }
        let seller = &inv.seller;
        yl += 12.0;
        let name_style = self.style(13.0, Weight::Bold);
        for line in self.sheet.wrap(&seller.name, name_style, 260.0) {
            self.sheet.text(LEFT, yl, name_style, &line);
            yl += name_style.leading();
        }
        let mut rows = Vec::new();
        if let Some(t) = seller.trading_name.as_deref().filter(|t| *t != seller.name) {
            rows.push(t.to_string());
        }
        rows.extend(address_lines(seller));
        rows.extend(self.identifier_lines(seller));
        rows.extend(contact_lines(seller));
        for row in rows {
            for line in self.sheet.wrap(&row, BODY, 260.0) {
                self.sheet.text(LEFT, yl, BODY, &line);
                yl += BODY.leading();
            }
        }

        // Right: title, number, dates.
        let mut yr = TOP + 20.0;
        let title_style = self.style(22.0, Weight::Bold);
        self.sheet.text_right(RIGHT, yr, title_style, self.title);
        yr += 18.0;
        let number = format!("{} {}", self.l.number, inv.number);
        self.sheet
            .text_right(RIGHT, yr, Style::new(11.0, Weight::Bold, INK), &number);
        yr += 16.0;
        let mut dates: Vec<(&str, String)> = vec![(self.l.issue_date, self.f.date(inv.issue_date))];
        if let Some(d) = inv.due_date {
            dates.push((self.l.due_date, self.f.date(d)));
        }
        if let Some(d) = inv.delivery.as_ref().and_then(|d| d.actual_delivery_date) {
            dates.push((self.l.delivery_date, self.f.date(d)));
        }
        if let Some(d) = inv.tax_point_date {
            dates.push((self.l.tax_point_date, self.f.date(d)));
        }
        if let Some(p) = &inv.invoicing_period {
            let (from, to) = self.l.period_from_to;
            let text = match (p.start, p.end) {
                (Some(s), Some(e)) => format!("{from} {} {to} {}", self.f.date(s), self.f.date(e)),
                (Some(s), None) => format!("{from} {}", self.f.date(s)),
                (None, Some(e)) => format!("{to} {}", self.f.date(e)),
                (None, None) => String::new(),
            };
            if !text.is_empty() {
                dates.push((self.l.period, text));
            }
        }
        for (label, value) in dates {
            let w = self.sheet.text_right(RIGHT, yr, BODY_BOLD, &value);
            self.sheet.text_right(
                RIGHT - w - 4.0,
                yr,
                SMALL,
                &format!("{label}{}", self.l.sep.trim_end()),
            );
            yr += BODY.leading() + 1.0;
        }

        self.y = yl.max(yr) + 10.0;
        self.parties_and_references();
    }

    fn identifier_lines(&self, p: &Party) -> Vec<String> {
        let mut out = Vec::new();
        let siret = p
            .identifiers
            .iter()
            .find(|i| i.scheme.as_deref() == Some("0009"))
            .map(|i| i.id.clone());
        match &p.legal_registration {
            Some(reg) => {
                let label = match reg.scheme.as_deref() {
                    Some("0002") => self.l.siren,
                    Some("0009") => self.l.siret,
                    _ => self.l.registration,
                };
                out.push(format!("{label}{}{}", self.l.sep, reg.id));
                if let Some(s) = siret.filter(|s| *s != reg.id) {
                    out.push(format!("{}{}{s}", self.l.siret, self.l.sep));
                }
            }
            None => {
                if let Some(s) = siret {
                    out.push(format!("{}{}{s}", self.l.siret, self.l.sep));
                }
            }
        }
        if let Some(v) = &p.vat_identifier {
            out.push(format!("{}{}{v}", self.l.vat_number, self.l.sep));
        }
        if let Some(t) = &p.tax_registration {
            out.push(format!("{}{}{t}", self.l.tax_registration, self.l.sep));
        }
        out
    }

    fn parties_and_references(&mut self) {
        let inv = self.inv;
        let top = self.y;
        let box_x = 308.0;
        let box_w = RIGHT - box_x;
        let inner = box_w - 20.0;

        // Right: buyer box, then delivery box.
        let mut yb = top;
        let mut boxes: Vec<(&str, &Party)> = vec![(self.l.bill_to, &inv.buyer)];
        if let Some(ship) = inv.delivery.as_ref().and_then(|d| d.ship_to.as_ref()) {
            boxes.push((self.l.deliver_to, ship));
        }
        for (label, party) in boxes {
            let mut lines: Vec<(Style, String)> = Vec::new();
            let name_style = Style::new(10.0, Weight::Bold, INK);
            for l in self.sheet.wrap(&party.name, name_style, inner) {
                lines.push((name_style, l));
            }
            let mut rows = address_lines(party);
            rows.extend(self.identifier_lines(party));
            rows.extend(contact_lines(party));
            for row in rows {
                for l in self.sheet.wrap(&row, BODY, inner) {
                    lines.push((BODY, l));
                }
            }
            let h = 22.0 + lines.iter().map(|(s, _)| s.leading()).sum::<f32>() + 4.0;
            self.sheet.rect(box_x, yb, box_w, h, self.accent.tint(232));
            self.sheet.rect(box_x, yb, 2.5, h, self.accent);
            let mut y = yb + 13.0;
            self.sheet
                .text(box_x + 10.0, y, self.style(7.5, Weight::Bold), label);
            y += 13.0;
            for (style, text) in lines {
                self.sheet.text(box_x + 10.0, y, style, &text);
                y += style.leading();
            }
            yb += h + 8.0;
        }

        // Left: references.
        let mut refs: Vec<(&str, String)> = Vec::new();
        let mut add = |label: &'static str, value: Option<&String>| {
            if let Some(v) = value.filter(|v| !v.trim().is_empty()) {
                refs.push((label, v.clone()));
            }
        };
        add(self.l.order, inv.purchase_order_reference.as_ref());
        add(self.l.contract, inv.contract_reference.as_ref());
        add(self.l.buyer_reference, inv.buyer_reference.as_ref());
        add(self.l.business_process, inv.business_process.as_ref());
        add(self.l.sales_order, inv.sales_order_reference.as_ref());
        add(
            self.l.despatch_advice,
            inv.despatch_advice_reference.as_ref(),
        );
        add(
            self.l.receiving_advice,
            inv.receiving_advice_reference.as_ref(),
        );
        add(self.l.tender, inv.tender_reference.as_ref());
        add(
            self.l.accounting_reference,
            inv.buyer_accounting_reference.as_ref(),
        );
        if let Some(p) = &inv.project {
            refs.push((self.l.project, format!("{} – {}", p.id, p.name)));
        }
        for p in &inv.preceding_invoices {
            let v = match p.issue_date {
                Some(d) => format!("{} {} {}", p.number, self.l.of_date, self.f.date(d)),
                None => p.number.clone(),
            };
            refs.push((self.l.preceding_invoice, v));
        }
        if let Some(payee) = &inv.payee {
            refs.push((self.l.payee, payee.name.clone()));
        }
        let mut yl = top;
        if !refs.is_empty() {
            yl += 13.0;
            self.sheet
                .text(LEFT, yl, self.style(7.5, Weight::Bold), self.l.references);
            yl += 13.0;
            let label_w = 142.0;
            let value_w = box_x - 16.0 - LEFT - label_w;
            for (label, value) in refs {
                let label_lines = self.sheet.wrap(label, SMALL, label_w - 6.0);
                let value_lines = self.sheet.wrap(&value, BODY_BOLD, value_w);
                let mut y = yl;
                for l in &label_lines {
                    self.sheet.text(LEFT, y, SMALL, l);
                    y += SMALL.leading();
                }
                let mut y2 = yl;
                for v in &value_lines {
                    self.sheet.text(LEFT + label_w, y2, BODY_BOLD, v);
                    y2 += BODY.leading();
                }
                yl = y.max(y2) + 2.0;
            }
        }
        self.y = yl.max(yb) + 6.0;
    }

    // ------------------------------------------------------------ line table

    fn table_header(&mut self) {
        let h = 18.0;
        self.sheet.rect(LEFT, self.y, RIGHT - LEFT, h, self.accent);
        let s = Style::new(8.0, Weight::Bold, WHITE);
        let y = self.y + 12.0;
        self.sheet
            .text(COL_DESC.0 + PAD, y, s, self.l.col_description);
        self.sheet
            .text_right(COL_QTY.1 - PAD, y, s, self.l.col_quantity);
        self.sheet.text(COL_UNIT.0 + PAD, y, s, self.l.col_unit);
        self.sheet
            .text_right(COL_PRICE.1 - PAD, y, s, self.l.col_unit_price);
        self.sheet.text_right(COL_VAT.1 - PAD, y, s, self.l.col_vat);
        self.sheet.text_right(COL_NET.1 - PAD, y, s, self.l.col_net);
        self.y += h;
    }

    fn line_table(&mut self) {
        if self.inv.lines.is_empty() {
            return;
        }
        self.reserve(18.0 + 30.0);
        self.table_header();
        for (i, line) in self.inv.lines.iter().enumerate() {
            self.table_row(i, line);
        }
        self.y += 10.0;
    }

    fn row_lines(&self, line: &Line) -> Vec<(Style, String)> {
        let width = COL_DESC.1 - COL_DESC.0 - 2.0 * PAD;
        let mut out = Vec::new();
        for l in self.sheet.wrap(&line.item.name, BODY_BOLD, width) {
            out.push((BODY_BOLD, l));
        }
        let desc_style = Style::new(7.5, Weight::Regular, INK);
        if let Some(d) = &line.item.description {
            for l in self.sheet.wrap(d, desc_style, width) {
                out.push((desc_style, l));
            }
        }
        let mut extras = Vec::new();
        if let Some(id) = &line.item.seller_id {
            extras.push(format!("{} {id}", self.l.item_id));
        }
        if let Some(p) = &line.period {
            let (from, to) = self.l.period_from_to;
            match (p.start, p.end) {
                (Some(s), Some(e)) => extras.push(format!(
                    "{} {from} {} {to} {}",
                    self.l.period,
                    self.f.date(s),
                    self.f.date(e)
                )),
                (Some(s), None) => {
                    extras.push(format!("{} {from} {}", self.l.period, self.f.date(s)))
                }
                (None, Some(e)) => {
                    extras.push(format!("{} {to} {}", self.l.period, self.f.date(e)))
                }
                (None, None) => {}
            }
        }
        for a in &line.allowances {
            extras.push(self.allowance_text(self.l.allowance, a, true));
        }
        for c in &line.charges {
            extras.push(self.allowance_text(self.l.charge, c, false));
        }
        if let Some(n) = &line.note {
            extras.push(n.clone());
        }
        for e in extras {
            for l in self.sheet.wrap(&e, SMALL, width) {
                out.push((SMALL, l));
            }
        }
        out
    }

    fn allowance_text(&self, kind: &str, a: &AllowanceCharge, allowance: bool) -> String {
        let mut s = a
            .reason
            .as_deref()
            .or(a.reason_code.as_deref())
            .unwrap_or(kind)
            .to_string();
        if let (Some(p), Some(b)) = (a.percentage, a.base_amount) {
            s.push_str(&format!(" ({} × {})", self.f.percent(p), self.amount(b)));
        }
        if let Some(amount) = a.amount {
            let v = if allowance {
                -amount.value()
            } else {
                amount.value()
            };
            s.push_str(&format!("{}{}", self.l.sep, self.f.price(v, self.cur)));
        }
        s
    }

    fn table_row(&mut self, index: usize, line: &Line) {
        let lines = self.row_lines(line);
        let top_pad = 4.0;
        let bottom_pad = 3.0;
        let text_h: f32 = lines.iter().map(|(s, _)| s.leading()).sum();
        let h = top_pad + text_h + bottom_pad;
        // Keep a row together unless it is taller than a page.
        if self.y + h > BOTTOM && self.reserve(h.min(BOTTOM - TOP - 60.0)) {
            self.table_header();
        }
        if index % 2 == 1 && h <= BOTTOM - self.y {
            self.sheet
                .rect(LEFT, self.y, RIGHT - LEFT, h, Rgb(0xF6, 0xF7, 0xF9));
        }
        let mut y = self.y + top_pad;
        let first_baseline = y + BODY_BOLD.size;

        // Numbers on the first baseline.
        let base = line.price.base_quantity.unwrap_or(Decimal::ONE);
        let mut price = self.f.price(line.price.net, self.cur);
        if base != Decimal::ONE {
            price = format!("{price} / {}", self.f.quantity(base));
        }
        let net = line.net_amount.map(|a| self.amount(a)).unwrap_or_default();
        let qty = self.f.quantity(line.quantity);
        let unit = labels::unit(self.lang, &line.unit_code);
        let vat = self.rate(line.vat.category, line.vat.rate);
        self.sheet
            .text_right(COL_QTY.1 - PAD, first_baseline, BODY, &qty);
        self.sheet
            .text(COL_UNIT.0 + PAD, first_baseline, BODY, &unit);
        self.sheet
            .text_right(COL_PRICE.1 - PAD, first_baseline, BODY, &price);
        self.sheet
            .text_right(COL_VAT.1 - PAD, first_baseline, BODY, &vat);
        self.sheet
            .text_right(COL_NET.1 - PAD, first_baseline, BODY_BOLD, &net);

        for (style, text) in lines {
            if y + style.leading() > BOTTOM {
                self.y = y;
                self.sheet.new_page();
                self.continuation_header();
                self.table_header();
                y = self.y;
            }
            self.sheet
                .text(COL_DESC.0 + PAD, y + style.size, style, &text);
            y += style.leading();
        }
        self.y = y + bottom_pad;
        self.sheet.hline(LEFT, RIGHT, self.y, 0.4, RULE);
    }

    // ----------------------------------------------- allowances and charges

    fn allowances_charges(&mut self) {
        let inv = self.inv;
        if inv.allowances.is_empty() && inv.charges.is_empty() {
            return;
        }
        let items: Vec<(bool, &AllowanceCharge)> = inv
            .allowances
            .iter()
            .map(|a| (true, a))
            .chain(inv.charges.iter().map(|c| (false, c)))
            .collect();
        self.reserve(30.0 + 14.0 * items.len().min(4) as f32);
        self.section_title(self.l.allowances_charges);
        for (allowance, a) in items {
            let kind = if allowance {
                self.l.allowance
            } else {
                self.l.charge
            };
            let mut text = a
                .reason
                .as_deref()
                .or(a.reason_code.as_deref())
                .unwrap_or(kind)
                .to_string();
            if let (Some(p), Some(b)) = (a.percentage, a.base_amount) {
                text.push_str(&format!(" ({} × {})", self.f.percent(p), self.amount(b)));
            }
            let lines = self.sheet.wrap(&text, BODY, COL_PRICE.1 - LEFT - 2.0 * PAD);
            let h = lines.len() as f32 * BODY.leading() + 6.0;
            self.reserve(h);
            let baseline = self.y + 3.0 + BODY.size;
            if let Some(cat) = a.vat_category {
                let vat = self.rate(cat, a.vat_rate);
                self.sheet.text_right(COL_VAT.1 - PAD, baseline, BODY, &vat);
            }
            if let Some(amount) = a.amount {
                let v = if allowance {
                    -amount.value()
                } else {
                    amount.value()
                };
                let s = self.f.price(v, self.cur);
                self.sheet
                    .text_right(COL_NET.1 - PAD, baseline, BODY_BOLD, &s);
            }
            let mut y = baseline;
            for l in lines {
                self.sheet.text(LEFT + PAD, y, BODY, &l);
                y += BODY.leading();
            }
            self.y += h;
            self.sheet.hline(LEFT, RIGHT, self.y, 0.4, RULE);
        }
        self.y += 12.0;
    }

    fn section_title(&mut self, title: &str) {
        self.y += 9.0;
        self.sheet
            .text(LEFT, self.y, self.style(8.0, Weight::Bold), title);
        self.y += 4.0;
        self.sheet.hline(LEFT, RIGHT, self.y, 0.8, self.accent);
        self.y += 3.0;
    }

    // --------------------------------------------------- VAT and totals

    fn totals(&mut self) {
        let inv = self.inv;
        let Some(t) = &inv.totals else {
            return;
        };
        let l = self.l;
        let mut rows: Vec<(&str, String, bool)> = Vec::new();
        let has_doc_ac = !inv.allowances.is_empty() || !inv.charges.is_empty();
        if has_doc_ac {
            if let Some(v) = t.line_total {
                rows.push((l.line_total, self.amount(v), false));
            }
            if let Some(v) = t.allowance_total.filter(|v| !v.value().is_zero()) {
                rows.push((l.allowance_total, self.f.price(-v.value(), self.cur), false));
            }
            if let Some(v) = t.charge_total.filter(|v| !v.value().is_zero()) {
                rows.push((l.charge_total, self.amount(v), false));
            }
        }
        rows.push((l.net_total, self.amount(t.tax_basis_total), true));
        rows.push((
            l.tax_total,
            self.amount(t.tax_total.unwrap_or(Amount::ZERO)),
            false,
        ));
        if let (Some(v), Some(tc)) = (t.tax_total_accounting, &inv.tax_currency) {
            rows.push((l.tax_total_accounting, self.f.amount(v, tc), false));
        }
        rows.push((l.grand_total, self.amount(t.grand_total), true));
        if let Some(v) = t.prepaid.filter(|v| !v.value().is_zero()) {
            rows.push((l.prepaid, self.f.price(-v.value(), self.cur), false));
        }
        if let Some(v) = t.rounding.filter(|v| !v.value().is_zero()) {
            rows.push((l.rounding, self.amount(v), false));
        }

        let row_h = 13.0;
        let due_h = 22.0;
        let totals_h = rows.len() as f32 * row_h + due_h + 6.0;
        let vat_h = 16.0 + 18.0 + inv.vat_breakdown.len() as f32 * row_h;
        let h = totals_h.max(vat_h) + 8.0;
        self.reserve(h);
        let top = self.y + 4.0;

        // VAT breakdown, left.
        if !inv.vat_breakdown.is_empty() {
            let x0 = LEFT;
            let x1 = LEFT + 260.0;
            let mut y = top;
            self.sheet
                .text(x0, y + 8.0, self.style(8.0, Weight::Bold), l.vat_breakdown);
            y += 14.0;
            self.sheet.rect(x0, y, x1 - x0, 16.0, self.accent.tint(225));
            let hs = Style::new(7.5, Weight::Bold, INK);
            self.sheet.text(x0 + PAD, y + 11.0, hs, l.vat_rate);
            self.sheet.text_right(x0 + 160.0, y + 11.0, hs, l.vat_base);
            self.sheet.text_right(x1 - PAD, y + 11.0, hs, l.vat_amount);
            y += 16.0;
            for b in &inv.vat_breakdown {
                let baseline = y + 10.0;
                let rate = self.rate(b.category, b.rate);
                self.sheet.text(x0 + PAD, baseline, BODY, &rate);
                self.sheet
                    .text_right(x0 + 160.0, baseline, BODY, &self.amount(b.taxable_amount));
                self.sheet
                    .text_right(x1 - PAD, baseline, BODY, &self.amount(b.tax_amount));
                y += row_h;
                self.sheet.hline(x0, x1, y, 0.4, RULE);
            }
        }

        // Totals, right.
        let x0 = 330.0;
        let mut y = top;
        for (label, value, strong) in rows {
            let (ls, vs) = if strong {
                (BODY_BOLD, BODY_BOLD)
            } else {
                (BODY, BODY)
            };
            self.sheet.text(x0 + PAD, y + 10.0, ls, label);
            self.sheet.text_right(RIGHT - PAD, y + 10.0, vs, &value);
            y += row_h;
            self.sheet.hline(x0, RIGHT, y, 0.4, RULE);
        }
        y += 4.0;
        self.sheet.rect(x0, y, RIGHT - x0, due_h, self.accent);
        let ds = Style::new(10.5, Weight::Bold, WHITE);
        self.sheet.text(x0 + 8.0, y + 15.0, ds, l.due_payable);
        let due = self.amount(t.due_payable);
        self.sheet.text_right(RIGHT - 8.0, y + 15.0, ds, &due);
        self.y = top + h;
    }

    // ------------------------------------------------------------- payment

    fn payment(&mut self) {
        let inv = self.inv;
        let l = self.l;
        let mut rows: Vec<(String, String)> = Vec::new();
        for pm in &inv.payment_means {
            let name = labels::payment_means(self.lang, &pm.type_code)
                .map(str::to_string)
                .or_else(|| pm.information.clone())
                .unwrap_or_else(|| pm.type_code.clone());
            let mut parts = vec![name];
            if let Some(info) = pm.information.as_ref().filter(|i| !parts.contains(i)) {
                parts.push(info.clone());
            }
            rows.push((
                match self.lang {
                    Lang::Fr => "Mode de paiement".to_string(),
                    Lang::En => "Payment means".to_string(),
                },
                parts.join(" – "),
            ));
            if let Some(i) = &pm.iban {
                let mut v = format!("IBAN {}", iban(i));
                if let Some(b) = &pm.bic {
                    v.push_str(&format!("   BIC {b}"));
                }
                rows.push((
                    match self.lang {
                        Lang::Fr => "Coordonnées bancaires".to_string(),
                        Lang::En => "Bank details".to_string(),
                    },
                    v,
                ));
            } else if let Some(a) = &pm.account_id {
                let mut v = a.clone();
                if let Some(b) = &pm.bic {
                    v.push_str(&format!("   BIC {b}"));
                }
                rows.push((
                    match self.lang {
                        Lang::Fr => "Compte".to_string(),
                        Lang::En => "Account".to_string(),
                    },
                    v,
                ));
            }
            if let Some(n) = &pm.account_name {
                rows.push((l.account_holder.to_string(), n.clone()));
            }
            if let Some(c) = &pm.card_number {
                let mut v = c.clone();
                if let Some(h) = &pm.card_holder {
                    v.push_str(&format!(" ({h})"));
                }
                rows.push((l.payment.to_string(), v));
            }
            if let Some(d) = &pm.debited_iban {
                rows.push((l.debited_account.to_string(), iban(d)));
            }
        }
        if let Some(m) = &inv.mandate_reference {
            rows.push((l.mandate.to_string(), m.clone()));
        }
        if let Some(c) = &inv.creditor_reference {
            rows.push((l.creditor_id.to_string(), c.clone()));
        }
        if let Some(r) = &inv.remittance_information {
            rows.push((l.remittance.to_string(), r.clone()));
        }
        if let Some(p) = &inv.payee {
            rows.push((l.payee.to_string(), p.name.clone()));
        }
        if let Some(t) = &inv.payment_terms {
            rows.push((l.payment_terms.to_string(), t.clone()));
        }
        if rows.is_empty() {
            return;
        }
        self.reserve(30.0 + BODY.leading() * rows.len().min(5) as f32);
        self.section_title(l.payment);
        self.y += 2.0;
        self.key_values(rows);
        self.y += 2.0;
    }

    fn key_values(&mut self, rows: Vec<(String, String)>) {
        let label_w = 130.0;
        for (label, value) in rows {
            let lines = self.sheet.wrap(&value, BODY, RIGHT - LEFT - label_w);
            let h = lines.len() as f32 * BODY.leading() + 0.5;
            self.reserve(h);
            let mut y = self.y + BODY.size;
            self.sheet.text(LEFT, y, SMALL, &label);
            for line in lines {
                self.sheet.text(LEFT + label_w, y, BODY, &line);
                y += BODY.leading();
            }
            self.y += h;
        }
    }

    // ---------------------------------------------------- notes, mentions

    fn notes_and_mentions(&mut self) {
        let inv = self.inv;
        let legal_code = |n: &&facturx_model::Note| {
            matches!(n.subject_code.as_deref(), Some("PMD" | "PMT" | "AAB"))
        };
        let notes: Vec<&str> = inv
            .notes
            .iter()
            .filter(|n| !legal_code(n))
            .map(|n| n.text.as_str())
            .collect();
        if !notes.is_empty() {
            self.reserve(30.0);
            self.section_title(self.l.notes);
            self.y += 2.0;
            for n in notes {
                self.paragraph(n, BODY);
                self.y += 3.0;
            }
        }

        let mut mentions: Vec<String> = Vec::new();
        let mut seen = Vec::new();
        for b in &inv.vat_breakdown {
            if seen.contains(&b.category) {
                continue;
            }
            seen.push(b.category);
            let wording = labels::exemption_wording(
                self.lang,
                b.category,
                b.exemption_reason_code.as_deref(),
            );
            let given = b
                .exemption_reason
                .as_deref()
                .filter(|r| !r.trim().is_empty());
            let text = match (wording, given) {
                (Some(w), Some(g)) if !w.to_lowercase().contains(&g.to_lowercase()) => {
                    format!("{w} {g}")
                }
                (Some(w), _) => w.to_string(),
                (None, Some(g)) => g.to_string(),
                (None, None) => continue,
            };
            mentions.push(format!(
                "{} ({}){}{text}",
                self.l.exemption,
                b.category.code(),
                self.l.sep
            ));
        }
        let note_with = |code: &str| {
            inv.notes
                .iter()
                .find(|n| n.subject_code.as_deref() == Some(code))
                .map(|n| n.text.clone())
        };
        mentions.push(note_with("PMD").unwrap_or_else(|| self.l.late_penalties.to_string()));
        mentions.push(note_with("PMT").unwrap_or_else(|| self.l.recovery_indemnity.to_string()));
        mentions.push(note_with("AAB").unwrap_or_else(|| self.l.early_discount.to_string()));

        self.reserve(30.0);
        self.section_title(self.l.legal);
        self.y += 2.0;
        for m in mentions {
            self.paragraph(&m, SMALL_INK);
            self.y += 1.5;
        }
    }

    fn paragraph(&mut self, text: &str, style: Style) {
        for line in self.sheet.wrap(text, style, RIGHT - LEFT) {
            self.reserve(style.leading());
            self.sheet.text(LEFT, self.y + style.size, style, &line);
            self.y += style.leading();
        }
    }

    fn footer_lines(&self, options: &RenderOptions) -> Vec<String> {
        let s = &self.inv.seller;
        let mut parts = vec![s.name.clone()];
        if let Some(info) = &s.legal_information {
            parts.push(info.clone());
        }
        parts.extend(self.identifier_lines(s));
        let mut lines = vec![parts.join(" – ")];
        if let Some(f) = &options.template.footer {
            lines.push(f.clone());
        }
        lines
    }
}

fn address_lines(p: &Party) -> Vec<String> {
    let Some(a) = &p.address else {
        return Vec::new();
    };
    let mut out: Vec<String> = [&a.line1, &a.line2, &a.line3]
        .into_iter()
        .flatten()
        .filter(|l| !l.trim().is_empty())
        .cloned()
        .collect();
    let city: Vec<&str> = [a.postcode.as_deref(), a.city.as_deref()]
        .into_iter()
        .flatten()
        .collect();
    let mut last = city.join(" ");
    if let Some(sub) = &a.subdivision {
        last.push_str(&format!(", {sub}"));
    }
    if a.country.as_str() != "FR" {
        if last.is_empty() {
            last = a.country.to_string();
        } else {
            last.push_str(&format!(" ({})", a.country));
        }
    }
    if !last.is_empty() {
        out.push(last);
    }
    out
}

fn contact_lines(p: &Party) -> Vec<String> {
    let mut out = Vec::new();
    for c in &p.contacts {
        let parts: Vec<&str> = [
            c.name.as_deref().or(c.department.as_deref()),
            c.phone.as_deref(),
            c.email.as_deref(),
        ]
        .into_iter()
        .flatten()
        .collect();
        if !parts.is_empty() {
            out.push(parts.join(" · "));
        }
    }
    if let Some(e) = &p.electronic_address
        && p.contacts
            .iter()
            .all(|c| c.email.as_deref() != Some(e.id.as_str()))
        && e.scheme.as_deref() == Some("EM")
    {
        out.push(e.id.clone());
    }
    out
}
