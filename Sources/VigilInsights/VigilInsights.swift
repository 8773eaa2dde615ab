/// Namespace for the VigilInsights engine; see the files in this folder.
public enum VigilInsightsEngine {}
