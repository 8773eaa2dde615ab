import Testing

@Suite struct VigilPolicyPlaceholder {}
