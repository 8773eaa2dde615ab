/// Namespace for the VigilLogs engine; see the files in this folder.
public enum VigilLogsEngine {}
