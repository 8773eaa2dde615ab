/// Namespace for the VigilNotebook engine; see the files in this folder.
public enum VigilNotebookEngine {}
