import Testing

@Suite struct VigilModelPlaceholder {}
