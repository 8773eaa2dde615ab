import Testing

@Suite struct VigilCLIPlaceholder {}
