import Testing

@Suite struct VigilInsightsPlaceholder {}
