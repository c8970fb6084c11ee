"""Cases, parties and patents (案件): input and validation, identifiers, saving and finding, the case list, history."""
