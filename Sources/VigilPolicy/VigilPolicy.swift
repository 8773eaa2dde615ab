/// Namespace for the VigilPolicy engine; see the files in this folder.
public enum VigilPolicyEngine {}
