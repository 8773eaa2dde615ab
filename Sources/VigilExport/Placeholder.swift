public enum VigilExportNamespace {}
