import Testing

@Suite struct VigilExportPlaceholder {}
