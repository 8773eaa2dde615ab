import VigilCLI

VigilCommand.runMain()
