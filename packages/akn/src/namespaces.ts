/** The Akoma Ntoso 3.0 namespace (OASIS LegalDocML 1.0). */
export const AKN_NAMESPACE = "http://docs.oasis-open.org/legaldocml/ns/akn/3.0";

/**
 * Accord's own namespace, for what Akoma Ntoso has no attribute for (who
 * proposed a bracket, its state and note, a footnote's kind): the schema lets
 * any element carry attributes of another namespace. Stable: files written
 * with it are read back by it.
 */
export const ACCORD_NAMESPACE = "https://accord.example/ns/1";
