//! The CII namespaces (UN/CEFACT CII D16B, as Factur-X 1.09.2 uses them).

/// `rsm:` the root message.
pub const RSM: &str = "urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100";
/// `ram:` reusable aggregate business information entities.
pub const RAM: &str =
    "urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100";
/// `qdt:` qualified data types.
pub const QDT: &str = "urn:un:unece:uncefact:data:standard:QualifiedDataType:100";
/// `udt:` unqualified data types.
pub const UDT: &str = "urn:un:unece:uncefact:data:standard:UnqualifiedDataType:100";
