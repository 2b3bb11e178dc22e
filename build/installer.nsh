; Windows installer additions (electron-builder's nsis.include): the matrix: URL scheme.
;
; electron-builder's `protocols` reaches only macOS (Info.plist) and Linux (the desktop entry).
; The app also registers itself at start (app.setAsDefaultProtocolClient in main.ts), but only
; the installer can undo it: without customUnInstall, uninstalling leaves HKCU\...\matrix
; pointing at an exe that no longer exists, and matrix: links then fail silently.
;
; Per-user install (nsis.perMachine false), so HKCU\Software\Classes, as Electron writes it.

!macro customInstall
  WriteRegStr HKCU "Software\Classes\matrix" "" "URL:Matrix link"
  WriteRegStr HKCU "Software\Classes\matrix" "URL Protocol" ""
  WriteRegStr HKCU "Software\Classes\matrix\DefaultIcon" "" "$INSTDIR\${APP_EXECUTABLE_FILENAME},0"
  WriteRegStr HKCU "Software\Classes\matrix\shell\open\command" "" '"$INSTDIR\${APP_EXECUTABLE_FILENAME}" "%1"'
!macroend

; Remove the scheme only while it still points at this installation: another Matrix client the
; user made the handler since then keeps its registration.
!macro customUnInstall
  ReadRegStr $0 HKCU "Software\Classes\matrix\shell\open\command" ""
  StrCmp $0 '"$INSTDIR\${APP_EXECUTABLE_FILENAME}" "%1"' 0 +2
    DeleteRegKey HKCU "Software\Classes\matrix"
!macroend
