"""The case editor window and its tabs."""

from ui.editor.dialog import CaseEditor, new_case_input

__all__ = ["CaseEditor", "new_case_input"]
