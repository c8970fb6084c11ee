"""The intake feature's windows: referral import, batch actions on selected cases, the e-commerce track.

:func:`ui.intake.actions.install` adds the menu entries to the main window; the dialogs load
when first used, so start-up does not pay for them.
"""
