public enum VigilModelNamespace {}
