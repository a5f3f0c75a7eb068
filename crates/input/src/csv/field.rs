//! The model fields a CSV column (or a constant) can fill, by their mapping name.

/// Whether a field belongs to the invoice header (repeated on each row of a
/// one-file export) or to one invoice line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Level {
    /// Invoice header (BT-1 ... BG-22).
    Header,
    /// Invoice line (BG-25).
    Line,
}

/// How a field's text is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Kind {
    /// Free text, kept trimmed.
    Text,
    /// A date, read with the mapping's date format.
    Date,
    /// A monetary amount (two decimals at most), with the mapping's separators.
    Amount,
    /// A decimal of any precision (quantities, prices, rates).
    Decimal,
    /// A code (currency, country, VAT category, unit), upper-cased.
    Code,
}

macro_rules! fields {
    ($($(#[$doc:meta])* $variant:ident = $name:literal, $level:ident, $kind:ident, [$($alias:literal),*];)*) => {
        /// A model field that a mapping can fill; its name in the mapping
        /// file is given by [`Field::name`].
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[non_exhaustive]
        pub enum Field {
            $($(#[$doc])* $variant,)*
        }

        impl Field {
            /// Every field, in mapping-file order.
            pub const ALL: &'static [Field] = &[$(Field::$variant,)*];

            /// The field's name in the mapping file (`seller.name`, `line.quantity`).
            pub fn name(self) -> &'static str {
                match self { $(Field::$variant => $name,)* }
            }

            /// Header or line.
            pub fn level(self) -> Level {
                match self { $(Field::$variant => Level::$level,)* }
            }

            /// How the text is read.
            pub fn kind(self) -> Kind {
                match self { $(Field::$variant => Kind::$kind,)* }
            }

            /// Column names commonly used for this field in French and English
            /// exports, normalised (lowercase ASCII, no accents or punctuation);
            /// used by `init_mapping`.
            pub fn aliases(self) -> &'static [&'static str] {
                match self { $(Field::$variant => &[$($alias),*],)* }
            }

            /// The field named `name` in a mapping file.
            pub fn from_name(name: &str) -> Option<Field> {
                match name { $($name => Some(Field::$variant),)* _ => None }
            }
        }
    };
}

fields! {
    /// BT-1 Invoice number (the grouping key).
    Number = "number", Header, Text, ["numero facture", "n facture", "no facture", "num facture", "facture", "invoice number", "invoice no", "invoice", "invoice id", "numero", "num piece", "piece", "document number", "n piece", "no piece", "numero piece", "n document", "no document", "numero document", "ref facture", "reference facture", "facture n", "invoice num", "inv no", "number", "billing document", "rechnungsnummer", "rechnung nr", "rechnungsnr", "belegnummer", "beleg nr", "document no", "doc no", "document"];
    /// BT-3 Invoice type code (380 invoice, 381 credit note ...).
    TypeCode = "type_code", Header, Code, ["type", "type document", "type facture", "invoice type", "document type"];
    /// BT-2 Invoice issue date.
    IssueDate = "issue_date", Header, Date, ["date facture", "date", "date emission", "invoice date", "issue date", "date piece", "date facturation", "date document", "date de la facture", "invoice bill date", "billing date", "bill date", "rechnungsdatum", "belegdatum", "datum", "transaction date", "txn date", "document date"];
    /// BT-9 Payment due date.
    DueDate = "due_date", Header, Date, ["date echeance", "echeance", "due date", "payment due date", "date limite paiement", "faelligkeit", "falligkeitsdatum", "falligkeit"];
    /// BT-5 Invoice currency code.
    Currency = "currency", Header, Code, ["devise", "currency", "monnaie", "code devise", "currency code", "wahrung", "waehrung"];
    /// BT-10 Buyer reference (Chorus Pro service code).
    BuyerReference = "buyer_reference", Header, Text, ["reference acheteur", "code service", "buyer reference", "your reference"];
    /// BT-12 Contract reference.
    ContractReference = "contract_reference", Header, Text, ["contrat", "reference contrat", "contract", "contract reference"];
    /// BT-13 Purchase order reference.
    PurchaseOrderReference = "purchase_order_reference", Header, Text, ["bon de commande", "commande", "numero commande", "reference commande", "purchase order", "po number", "order reference", "engagement"];
    /// BT-20 Payment terms.
    PaymentTerms = "payment_terms", Header, Text, ["conditions paiement", "conditions de paiement", "payment terms", "terms"];
    /// BT-22 Invoice note.
    Note = "note", Header, Text, ["note", "commentaire", "remarque", "notes", "comment"];
    /// BT-23 Business process type.
    BusinessProcess = "business_process", Header, Text, ["cadre facturation", "business process"];
    /// BT-72 Actual delivery date.
    DeliveryDate = "delivery_date", Header, Date, ["date livraison", "delivery date"];
    /// BT-73 Invoicing period start date.
    PeriodStart = "period.start", Header, Date, ["debut periode", "period start"];
    /// BT-74 Invoicing period end date.
    PeriodEnd = "period.end", Header, Date, ["fin periode", "period end"];
    /// BT-83 Remittance information.
    RemittanceInformation = "remittance_information", Header, Text, ["reference paiement", "remittance information", "payment reference"];
    /// BT-27 Seller name.
    SellerName = "seller.name", Header, Text, ["vendeur", "raison sociale vendeur", "fournisseur", "seller", "seller name", "supplier", "supplier name"];
    /// BT-28 Seller trading name.
    SellerTradingName = "seller.trading_name", Header, Text, ["nom commercial vendeur", "seller trading name"];
    /// BT-29 Seller identifier (without scheme).
    SellerId = "seller.id", Header, Text, ["code vendeur", "seller id", "supplier id"];
    /// BT-30 Seller legal registration identifier, SIREN (scheme 0002).
    SellerSiren = "seller.siren", Header, Text, ["siren vendeur", "siren", "seller siren"];
    /// BT-30 Seller legal registration identifier, SIRET (scheme 0009).
    SellerSiret = "seller.siret", Header, Text, ["siret vendeur", "siret", "seller siret"];
    /// BT-31 Seller VAT identifier.
    SellerVatId = "seller.vat_id", Header, Text, ["tva intracom vendeur", "numero tva vendeur", "seller vat", "seller vat id", "supplier vat number"];
    /// BT-33 Seller additional legal information.
    SellerLegalInformation = "seller.legal_information", Header, Text, ["mentions legales", "legal information"];
    /// BT-34 Seller electronic address, an e-mail address (scheme EM).
    SellerEmail = "seller.email", Header, Text, ["email vendeur", "seller email"];
    /// BT-35 Seller address line 1.
    SellerLine1 = "seller.address.line1", Header, Text, ["adresse vendeur", "seller address"];
    /// BT-36 Seller address line 2.
    SellerLine2 = "seller.address.line2", Header, Text, ["adresse vendeur 2", "seller address 2"];
    /// BT-37 Seller city.
    SellerCity = "seller.address.city", Header, Text, ["ville vendeur", "seller city"];
    /// BT-38 Seller post code.
    SellerPostcode = "seller.address.postcode", Header, Text, ["code postal vendeur", "cp vendeur", "seller postcode", "seller zip"];
    /// BT-40 Seller country code.
    SellerCountry = "seller.address.country", Header, Code, ["pays vendeur", "seller country"];
    /// BT-44 Buyer name.
    BuyerName = "buyer.name", Header, Text, ["client", "nom client", "raison sociale client", "raison sociale", "acheteur", "customer", "customer name", "buyer", "buyer name", "client name", "intitule client", "intitule", "nom tiers", "tiers", "partner", "partenaire", "kunde", "kundenname", "societe", "company", "bill to", "customer display name", "name 1", "name"];
    /// BT-46 Buyer identifier (without scheme).
    BuyerId = "buyer.id", Header, Text, ["code client", "numero client", "customer id", "customer number", "buyer id", "client id", "code tiers", "compte client", "customer code", "sold to party", "kundennummer", "kunden nr", "partner id"];
    /// BT-47 Buyer legal registration identifier, SIREN (scheme 0002).
    BuyerSiren = "buyer.siren", Header, Text, ["siren client", "buyer siren", "customer siren"];
    /// BT-47 Buyer legal registration identifier, SIRET (scheme 0009).
    BuyerSiret = "buyer.siret", Header, Text, ["siret client", "buyer siret", "customer siret"];
    /// BT-48 Buyer VAT identifier.
    BuyerVatId = "buyer.vat_id", Header, Text, ["tva intracom client", "numero tva client", "tva client", "tva intracommunautaire", "customer vat", "buyer vat", "buyer vat id", "vat number"];
    /// BT-49 Buyer electronic address, an e-mail address (scheme EM).
    BuyerEmail = "buyer.email", Header, Text, ["email client", "email", "e mail", "courriel", "customer email", "buyer email"];
    /// BT-50 Buyer address line 1.
    BuyerLine1 = "buyer.address.line1", Header, Text, ["adresse client", "adresse", "adresse 1", "customer address", "buyer address", "address", "address 1", "street"];
    /// BT-51 Buyer address line 2.
    BuyerLine2 = "buyer.address.line2", Header, Text, ["adresse client 2", "adresse 2", "complement adresse", "address 2"];
    /// BT-52 Buyer city.
    BuyerCity = "buyer.address.city", Header, Text, ["ville client", "ville", "city", "customer city", "buyer city", "town"];
    /// BT-53 Buyer post code.
    BuyerPostcode = "buyer.address.postcode", Header, Text, ["code postal client", "code postal", "cp", "postcode", "zip", "zip code", "postal code", "customer postcode"];
    /// BT-55 Buyer country code.
    BuyerCountry = "buyer.address.country", Header, Code, ["pays client", "pays", "country", "customer country", "buyer country", "code pays"];
    /// BT-81 Payment means type code (UNTDID 4461).
    PaymentMeansCode = "payment.means_code", Header, Code, ["mode paiement", "moyen paiement", "payment means"];
    /// BT-84 Payment account identifier (IBAN).
    PaymentIban = "payment.iban", Header, Text, ["iban"];
    /// BT-86 Payment service provider identifier (BIC).
    PaymentBic = "payment.bic", Header, Text, ["bic", "swift"];
    /// BT-120 VAT exemption reason text (applies to the exempt categories of the invoice).
    VatExemptionReason = "vat.exemption_reason", Header, Text, ["motif exoneration", "exemption reason", "vat exemption reason"];
    /// Control total: BT-109 as the export states it; a different computed value rejects the invoice.
    CheckTaxBasisTotal = "check.tax_basis_total", Header, Amount, ["total ht", "montant ht", "total hors taxes", "total net", "net total", "total excl vat", "total excluding vat", "montant total ht", "untaxed amount", "total untaxed", "nettosumme"];
    /// Control total: BT-110 as the export states it.
    CheckTaxTotal = "check.tax_total", Header, Amount, ["total tva", "montant tva", "tva", "total vat", "vat total", "vat amount", "tax amount", "total tax", "montant taxes", "steuerbetrag", "mwst betrag"];
    /// Control total: BT-112 as the export states it.
    CheckGrandTotal = "check.grand_total", Header, Amount, ["total ttc", "montant ttc", "net a payer", "total incl vat", "grand total", "total including vat", "total amount", "montant total ttc", "total", "amount due", "bruttosumme", "gesamtbetrag"];
    /// In the lines file of a two-file export: the invoice number each line belongs to.
    LineInvoiceNumber = "line.invoice_number", Line, Text, [];
    /// BT-126 Invoice line identifier (numbered 1, 2 ... when not mapped).
    LineId = "line.id", Line, Text, ["numero ligne", "n ligne", "ligne", "line", "line id", "line number", "line no"];
    /// BT-153 Item name.
    LineName = "line.name", Line, Text, ["designation", "libelle", "libelle produit", "libelle article", "designation article", "article", "produit", "description article", "item", "item name", "product", "product name", "label", "product service", "artikel", "bezeichnung", "artikelbezeichnung", "leistung"];
    /// BT-154 Item description.
    LineDescription = "line.description", Line, Text, ["description", "description longue", "detail", "item description"];
    /// BT-127 Invoice line note.
    LineNote = "line.note", Line, Text, ["note ligne", "commentaire ligne", "line note"];
    /// BT-129 Invoiced quantity.
    LineQuantity = "line.quantity", Line, Decimal, ["quantite", "qte", "qty", "quantity", "billed quantity", "quantite facturee", "qte facturee", "nombre", "nb", "menge", "anzahl"];
    /// BT-130 Unit of measure code (UN/ECE Rec 20; `C62` when not mapped).
    LineUnit = "line.unit", Line, Code, ["unite", "code unite", "unit", "uom", "unit code", "unite de mesure", "sales unit", "einheit", "mengeneinheit"];
    /// BT-146 Item net price.
    LinePrice = "line.price", Line, Decimal, ["prix unitaire", "prix unitaire ht", "pu ht", "pu", "prix", "prix ht", "unit price", "price", "net price", "unit price excl vat", "prix u ht", "prix de vente ht", "tarif", "tarif ht", "rate", "sales price", "einzelpreis", "preis", "nettopreis", "unit price excl tax"];
    /// BT-148 Item gross price.
    LineGrossPrice = "line.gross_price", Line, Decimal, ["prix brut", "gross price"];
    /// BT-131 Line net amount as the export states it: a different computed value rejects the invoice.
    LineNetAmount = "line.net_amount", Line, Amount, ["montant ligne ht", "montant ht ligne", "total ligne", "total ligne ht", "line total", "line amount", "line net amount", "amount", "net value", "montant", "montant net ht", "line subtotal", "subtotal", "nettobetrag", "betrag", "gesamtpreis"];
    /// BT-152 Item VAT rate, in percent.
    LineVatRate = "line.vat_rate", Line, Decimal, ["taux tva", "taux", "tva taux", "vat rate", "vat", "tax rate", "vat percent", "taux de tva", "tva", "taxes", "tax", "mwst satz", "mwst", "ust satz", "steuersatz", "iva", "vat %", "tax percent"];
    /// BT-151 Item VAT category code (inferred from the rate when not mapped).
    LineVatCategory = "line.vat_category", Line, Code, ["categorie tva", "code tva", "vat category", "tax category"];
    /// BT-155 Item seller's identifier.
    LineSellerItemId = "line.seller_item_id", Line, Text, ["reference", "ref", "reference article", "code article", "sku", "item code", "product code", "ref article", "material", "artikelnummer", "artikel nr", "product reference", "internal reference", "article"];
    /// BT-156 Item buyer's identifier.
    LineBuyerItemId = "line.buyer_item_id", Line, Text, ["reference client article", "buyer item id"];
    /// BT-132 Referenced purchase order line reference.
    LineOrderLineReference = "line.order_line_reference", Line, Text, ["ligne commande", "order line"];
    /// BT-133 Invoice line buyer accounting reference.
    LineAccountingReference = "line.accounting_reference", Line, Text, ["compte", "compte comptable", "accounting reference", "account"];
    /// BT-134 Invoice line period start date.
    LinePeriodStart = "line.period.start", Line, Date, ["debut periode ligne", "line period start"];
    /// BT-135 Invoice line period end date.
    LinePeriodEnd = "line.period.end", Line, Date, ["fin periode ligne", "line period end"];
}
