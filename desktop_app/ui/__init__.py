"""The Qt shell: the only package that imports PySide6 (built in the desktop-app issue)."""
