export { exportAkn, AKN_MEDIA_TYPE } from "./export.js";
export { importAkn, MAX_AKN_BYTES, type AknImport, type AknImportOptions } from "./import.js";
export { AKN_NAMESPACE, ACCORD_NAMESPACE } from "./namespaces.js";
export { escapeXml, XmlWriter, type XmlAttributes } from "./xml-writer.js";
