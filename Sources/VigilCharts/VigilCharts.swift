/// Namespace for the VigilCharts engine; see the files in this folder.
public enum VigilChartsEngine {}
