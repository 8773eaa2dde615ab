import Testing

@Suite struct VigilChartsPlaceholder {}
