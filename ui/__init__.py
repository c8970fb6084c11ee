"""The Qt desktop front end (办案系统桌面界面). Calls the core services in ``adjudicator`` only."""

