/// Namespace for the VigilAlarms engine; see the files in this folder.
public enum VigilAlarmsEngine {}
