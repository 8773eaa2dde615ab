import Testing

@Suite struct VigilAlarmsPlaceholder {}
