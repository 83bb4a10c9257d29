"""What each field and mutation does: authorisation, validation, workflows, DataLoaders."""
