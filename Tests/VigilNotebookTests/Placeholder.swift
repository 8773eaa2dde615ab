import Testing

@Suite struct VigilNotebookPlaceholder {}
