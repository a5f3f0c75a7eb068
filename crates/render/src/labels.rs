//! Printed labels and legal wording, in French and English.

use facturx_model::VatCategory;

use crate::Lang;

/// Every fixed text the layout prints.
pub(crate) struct Labels {
    /// Between a label and its value: French puts a no-break space before the colon.
    pub sep: &'static str,
    pub invoice: &'static str,
    pub credit_note: &'static str,
    pub corrected_invoice: &'static str,
    pub prepayment_invoice: &'static str,
    pub self_billed: &'static str,
    pub number: &'static str,
    pub issue_date: &'static str,
    pub due_date: &'static str,
    pub delivery_date: &'static str,
    pub tax_point_date: &'static str,
    pub period: &'static str,
    pub period_from_to: (&'static str, &'static str),
    pub bill_to: &'static str,
    pub deliver_to: &'static str,
    pub payee: &'static str,
    pub siren: &'static str,
    pub siret: &'static str,
    pub registration: &'static str,
    pub vat_number: &'static str,
    pub tax_registration: &'static str,
    pub references: &'static str,
    pub order: &'static str,
    pub contract: &'static str,
    pub buyer_reference: &'static str,
    pub business_process: &'static str,
    pub project: &'static str,
    pub sales_order: &'static str,
    pub despatch_advice: &'static str,
    pub receiving_advice: &'static str,
    pub tender: &'static str,
    pub accounting_reference: &'static str,
    pub preceding_invoice: &'static str,
    pub of_date: &'static str,
    pub col_description: &'static str,
    pub col_quantity: &'static str,
    pub col_unit: &'static str,
    pub col_unit_price: &'static str,
    pub col_vat: &'static str,
    pub col_net: &'static str,
    pub allowance: &'static str,
    pub charge: &'static str,
    pub allowances_charges: &'static str,
    pub vat_breakdown: &'static str,
    pub vat_rate: &'static str,
    pub vat_base: &'static str,
    pub vat_amount: &'static str,
    pub line_total: &'static str,
    pub allowance_total: &'static str,
    pub charge_total: &'static str,
    pub net_total: &'static str,
    pub tax_total: &'static str,
    pub tax_total_accounting: &'static str,
    pub grand_total: &'static str,
    pub prepaid: &'static str,
    pub rounding: &'static str,
    pub due_payable: &'static str,
    pub payment: &'static str,
    pub payment_terms: &'static str,
    pub account_holder: &'static str,
    pub mandate: &'static str,
    pub creditor_id: &'static str,
    pub debited_account: &'static str,
    pub remittance: &'static str,
    pub notes: &'static str,
    pub legal: &'static str,
    pub late_penalties: &'static str,
    pub recovery_indemnity: &'static str,
    pub early_discount: &'static str,
    pub continued: &'static str,
    pub page: &'static str,
    pub item_id: &'static str,
    pub exemption: &'static str,
}

pub(crate) static FR: Labels = Labels {
    sep: "\u{A0}: ",
    invoice: "FACTURE",
    credit_note: "AVOIR",
    corrected_invoice: "FACTURE RECTIFICATIVE",
    prepayment_invoice: "FACTURE D'ACOMPTE",
    self_billed: "AUTOFACTURATION",
    number: "N°",
    issue_date: "Date d'émission",
    due_date: "Date d'échéance",
    delivery_date: "Date de livraison",
    tax_point_date: "Date d'exigibilité de la TVA",
    period: "Période",
    period_from_to: ("du", "au"),
    bill_to: "FACTURÉ À",
    deliver_to: "LIVRÉ À",
    payee: "Bénéficiaire du paiement",
    siren: "SIREN",
    siret: "SIRET",
    registration: "Immatriculation",
    vat_number: "N° TVA",
    tax_registration: "N° fiscal",
    references: "RÉFÉRENCES",
    order: "Bon de commande / n° d'engagement",
    contract: "Contrat",
    buyer_reference: "Référence acheteur / code service",
    business_process: "Cadre de facturation",
    project: "Projet",
    sales_order: "Commande client",
    despatch_advice: "Bon de livraison",
    receiving_advice: "Avis de réception",
    tender: "Appel d'offres / lot",
    accounting_reference: "Imputation comptable",
    preceding_invoice: "Facture d'origine",
    of_date: "du",
    col_description: "Désignation",
    col_quantity: "Qté",
    col_unit: "Unité",
    col_unit_price: "P.U. HT",
    col_vat: "TVA",
    col_net: "Montant HT",
    allowance: "Remise",
    charge: "Frais",
    allowances_charges: "REMISES ET FRAIS",
    vat_breakdown: "RÉCAPITULATIF TVA",
    vat_rate: "Taux",
    vat_base: "Base HT",
    vat_amount: "Montant TVA",
    line_total: "Total HT des lignes",
    allowance_total: "Remises",
    charge_total: "Frais",
    net_total: "Total HT",
    tax_total: "Total TVA",
    tax_total_accounting: "Total TVA en devise de comptabilisation",
    grand_total: "Total TTC",
    prepaid: "Acompte déjà versé",
    rounding: "Arrondi",
    due_payable: "NET À PAYER",
    payment: "RÈGLEMENT",
    payment_terms: "Conditions de paiement",
    account_holder: "Titulaire",
    mandate: "Mandat",
    creditor_id: "ICS",
    debited_account: "Compte débité",
    remittance: "Référence à rappeler",
    notes: "NOTES",
    legal: "MENTIONS LÉGALES",
    late_penalties: "Pénalités de retard\u{A0}: trois fois le taux d'intérêt légal, exigibles dès le lendemain de la date d'échéance (art. L441-10 du Code de commerce).",
    recovery_indemnity: "Indemnité forfaitaire pour frais de recouvrement due au créancier en cas de retard de paiement\u{A0}: 40\u{A0}€ (art. L441-10 et D441-5 du Code de commerce).",
    early_discount: "Escompte pour paiement anticipé\u{A0}: néant.",
    continued: "suite",
    page: "Page",
    item_id: "Réf.",
    exemption: "Mention TVA",
};

pub(crate) static EN: Labels = Labels {
    sep: ": ",
    invoice: "INVOICE",
    credit_note: "CREDIT NOTE",
    corrected_invoice: "CORRECTED INVOICE",
    prepayment_invoice: "PREPAYMENT INVOICE",
    self_billed: "SELF-BILLED INVOICE",
    number: "No.",
    issue_date: "Issue date",
    due_date: "Due date",
    delivery_date: "Delivery date",
    tax_point_date: "VAT point date",
    period: "Period",
    period_from_to: ("from", "to"),
    bill_to: "BILL TO",
    deliver_to: "DELIVER TO",
    payee: "Payee",
    siren: "SIREN",
    siret: "SIRET",
    registration: "Registration",
    vat_number: "VAT no.",
    tax_registration: "Tax no.",
    references: "REFERENCES",
    order: "Purchase order",
    contract: "Contract",
    buyer_reference: "Buyer reference",
    business_process: "Business process",
    project: "Project",
    sales_order: "Sales order",
    despatch_advice: "Despatch advice",
    receiving_advice: "Receiving advice",
    tender: "Tender / lot",
    accounting_reference: "Accounting reference",
    preceding_invoice: "Preceding invoice",
    of_date: "of",
    col_description: "Description",
    col_quantity: "Qty",
    col_unit: "Unit",
    col_unit_price: "Unit price",
    col_vat: "VAT",
    col_net: "Net amount",
    allowance: "Allowance",
    charge: "Charge",
    allowances_charges: "ALLOWANCES AND CHARGES",
    vat_breakdown: "VAT BREAKDOWN",
    vat_rate: "Rate",
    vat_base: "Taxable amount",
    vat_amount: "VAT amount",
    line_total: "Sum of lines",
    allowance_total: "Allowances",
    charge_total: "Charges",
    net_total: "Total excl. VAT",
    tax_total: "Total VAT",
    tax_total_accounting: "Total VAT in accounting currency",
    grand_total: "Total incl. VAT",
    prepaid: "Paid amount",
    rounding: "Rounding",
    due_payable: "AMOUNT DUE",
    payment: "PAYMENT",
    payment_terms: "Payment terms",
    account_holder: "Account holder",
    mandate: "Mandate",
    creditor_id: "Creditor ID",
    debited_account: "Debited account",
    remittance: "Payment reference",
    notes: "NOTES",
    legal: "LEGAL NOTICES",
    late_penalties: "Late payment penalties: three times the French legal interest rate, due from the day after the due date (art. L441-10 French Commercial Code).",
    recovery_indemnity: "Fixed compensation for recovery costs in case of late payment: €40 (art. L441-10 and D441-5 French Commercial Code).",
    early_discount: "No discount for early payment.",
    continued: "continued",
    page: "Page",
    item_id: "Ref.",
    exemption: "VAT note",
};

impl Labels {
    pub(crate) fn for_lang(lang: Lang) -> &'static Labels {
        match lang {
            Lang::Fr => &FR,
            Lang::En => &EN,
        }
    }

    /// The document title for a UNTDID 1001 type code.
    pub(crate) fn title(&self, type_code: &str, credit_note: bool) -> &'static str {
        match type_code {
            _ if credit_note => self.credit_note,
            "384" => self.corrected_invoice,
            "386" => self.prepayment_invoice,
            "389" => self.self_billed,
            _ => self.invoice,
        }
    }
}

/// The legal wording for a VAT category that charges no VAT, or `None`
/// when the category needs none (standard and zero rates).
pub(crate) fn exemption_wording(
    lang: Lang,
    category: VatCategory,
    reason_code: Option<&str>,
) -> Option<&'static str> {
    let code = reason_code.map(str::to_ascii_uppercase);
    if code.as_deref() == Some("VATEX-FR-FRANCHISE") {
        return Some(match lang {
            Lang::Fr => "TVA non applicable, art. 293 B du CGI.",
            Lang::En => "VAT not applicable, art. 293 B of the French Tax Code (CGI).",
        });
    }
    Some(match (lang, category) {
        (Lang::Fr, VatCategory::Exempt) => "Exonération de TVA (article 261 du CGI).",
        (Lang::Fr, VatCategory::ReverseCharge) => {
            "Autoliquidation\u{A0}: TVA due par le preneur (article 283 du CGI)."
        }
        (Lang::Fr, VatCategory::IntraCommunity) => {
            "Exonération de TVA, article 262 ter I du CGI (livraison intracommunautaire)."
        }
        (Lang::Fr, VatCategory::Export) => {
            "Exonération de TVA, article 262 I du CGI (exportation)."
        }
        (Lang::Fr, VatCategory::OutsideScope) => "Opération hors du champ d'application de la TVA.",
        (Lang::En, VatCategory::Exempt) => "VAT exempt.",
        (Lang::En, VatCategory::ReverseCharge) => "Reverse charge: VAT due by the customer.",
        (Lang::En, VatCategory::IntraCommunity) => {
            "VAT exempt intra-community supply (art. 262 ter I CGI, art. 138 Directive 2006/112/EC)."
        }
        (Lang::En, VatCategory::Export) => {
            "VAT exempt export outside the EU (art. 262 I CGI, art. 146 Directive 2006/112/EC)."
        }
        (Lang::En, VatCategory::OutsideScope) => "Not subject to VAT.",
        _ => return None,
    })
}

/// A readable name for a UN/ECE Rec 20/21 unit code.
pub(crate) fn unit(lang: Lang, code: &str) -> String {
    let fr = matches!(lang, Lang::Fr);
    let s = match code {
        "C62" | "EA" | "H87" | "XPP" => {
            if fr {
                "u"
            } else {
                "pc"
            }
        }
        "HUR" => "h",
        "MIN" => "min",
        "DAY" => {
            if fr {
                "j"
            } else {
                "day"
            }
        }
        "WEE" => {
            if fr {
                "sem."
            } else {
                "wk"
            }
        }
        "MON" => {
            if fr {
                "mois"
            } else {
                "month"
            }
        }
        "ANN" => {
            if fr {
                "an"
            } else {
                "yr"
            }
        }
        "KGM" => "kg",
        "GRM" => "g",
        "TNE" => "t",
        "MTR" => "m",
        "KMT" => "km",
        "CMT" => "cm",
        "MTK" => "m²",
        "MTQ" => "m³",
        "LTR" => "l",
        "KWH" => "kWh",
        "SET" => {
            if fr {
                "lot"
            } else {
                "set"
            }
        }
        "LS" => {
            if fr {
                "forfait"
            } else {
                "lump sum"
            }
        }
        "E48" => {
            if fr {
                "prestation"
            } else {
                "service"
            }
        }
        other => other,
    };
    s.to_string()
}

/// A readable name for a UNTDID 4461 payment means code.
pub(crate) fn payment_means(lang: Lang, code: &str) -> Option<&'static str> {
    let fr = matches!(lang, Lang::Fr);
    Some(match code {
        "10" => {
            if fr {
                "Espèces"
            } else {
                "Cash"
            }
        }
        "20" => {
            if fr {
                "Chèque"
            } else {
                "Cheque"
            }
        }
        "30" | "42" => {
            if fr {
                "Virement"
            } else {
                "Credit transfer"
            }
        }
        "31" => {
            if fr {
                "Virement (débit)"
            } else {
                "Debit transfer"
            }
        }
        "48" | "54" | "55" => {
            if fr {
                "Carte bancaire"
            } else {
                "Bank card"
            }
        }
        "49" => {
            if fr {
                "Prélèvement"
            } else {
                "Direct debit"
            }
        }
        "57" => {
            if fr {
                "Ordre permanent"
            } else {
                "Standing agreement"
            }
        }
        "58" => {
            if fr {
                "Virement SEPA"
            } else {
                "SEPA credit transfer"
            }
        }
        "59" => {
            if fr {
                "Prélèvement SEPA"
            } else {
                "SEPA direct debit"
            }
        }
        "97" => {
            if fr {
                "Compensation"
            } else {
                "Clearing between partners"
            }
        }
        _ => return None,
    })
}
