"""Request and response models of the intake API (camelCase JSON via ApiModel)."""
