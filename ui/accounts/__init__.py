"""Users and roles in the desktop: sign-in, lock and sign-out, the head's co-signature, account management.

- :mod:`~ui.accounts.sign_in`: the sign-in dialog (at start, after signing out) and the unlock dialog;
- :mod:`~ui.accounts.approval`: the approval dialog in which a head co-signs a clerk's reserved act;
- :mod:`~ui.accounts.manage`: the head's account management (add, disable, reset password, lock time);
- :mod:`~ui.accounts.session`: the menu actions (锁定, 退出登录, 账户管理), the idle lock, the status bar.

The services decide (:mod:`adjudicator.accounts`); these widgets only ask and show.
"""
