import Testing

@Suite struct VigilLogsPlaceholder {}
