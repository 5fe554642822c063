; Included by electron-builder's NSIS installer. A per-machine install starts Copywarden at
; login for every user through the machine's Run key; uninstalling removes the entry, except
; when the uninstaller runs as part of an upgrade. The data each user's agent keeps
; (%LOCALAPPDATA%\Copywarden: activity log, quarantine) stays; see docs/deployment.md to purge.

!macro customInstall
  WriteRegStr HKLM "Software\Microsoft\Windows\CurrentVersion\Run" "Copywarden" '"$INSTDIR\${APP_EXECUTABLE_FILENAME}"'
!macroend

!macro customUnInstall
  ${ifNot} ${isUpdated}
    DeleteRegValue HKLM "Software\Microsoft\Windows\CurrentVersion\Run" "Copywarden"
  ${endIf}
!macroend
