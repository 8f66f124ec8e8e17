; Inno Setup script: the Windows installer for the one-folder build in dist\stoke-governor.
; Per-user install (no administrator rights needed), Start menu shortcut, uninstaller,
; and file associations: LA packs (.sgpack) open in the app; returns and school data
; workbooks (.xlsx) get "Open with Stoke Governor" without taking .xlsx away from Excel.
; Built by .github/workflows/installers.yml:  iscc /DAppVersion=0.1.0 packaging\windows\stoke-governor.iss

#ifndef AppVersion
  #define AppVersion "0.0.0"
#endif

[Setup]
AppId={{6B0C3E8F-3D0B-4C36-9E0C-5A1B7C2F9D41}
AppName=Stoke Governor
AppVersion={#AppVersion}
AppPublisher=Stoke Governor project
DefaultDirName={autopf}\Stoke Governor
DefaultGroupName=Stoke Governor
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=dialog
OutputDir=..\..\dist
OutputBaseFilename=StokeGovernor-{#AppVersion}-setup
SetupIconFile=..\icons\stoke-governor.ico
UninstallDisplayIcon={app}\stoke-governor.exe
Compression=lzma2
SolidCompression=yes
ChangesAssociations=yes
WizardStyle=modern

[Files]
Source: "..\..\dist\stoke-governor\*"; DestDir: "{app}"; Flags: recursesubdirs ignoreversion

[Icons]
Name: "{group}\Stoke Governor"; Filename: "{app}\stoke-governor.exe"
Name: "{autodesktop}\Stoke Governor"; Filename: "{app}\stoke-governor.exe"; Tasks: desktopicon

[Tasks]
Name: "desktopicon"; Description: "Put a shortcut on the desktop"; Flags: unchecked

[Registry]
Root: HKA; Subkey: "Software\Classes\.sgpack"; ValueType: string; ValueData: "StokeGovernor.Pack"; Flags: uninsdeletevalue
Root: HKA; Subkey: "Software\Classes\StokeGovernor.Pack"; ValueType: string; ValueData: "Stoke Governor LA pack"; Flags: uninsdeletekey
Root: HKA; Subkey: "Software\Classes\StokeGovernor.Pack\DefaultIcon"; ValueType: string; ValueData: "{app}\stoke-governor.exe,0"
Root: HKA; Subkey: "Software\Classes\StokeGovernor.Pack\shell\open\command"; ValueType: string; ValueData: """{app}\stoke-governor.exe"" ""%1"""
Root: HKA; Subkey: "Software\Classes\.xlsx\OpenWithProgids"; ValueType: string; ValueName: "StokeGovernor.Workbook"; ValueData: ""; Flags: uninsdeletevalue
Root: HKA; Subkey: "Software\Classes\StokeGovernor.Workbook"; ValueType: string; ValueData: "Stoke Governor return or school data"; Flags: uninsdeletekey
Root: HKA; Subkey: "Software\Classes\StokeGovernor.Workbook\shell\open\command"; ValueType: string; ValueData: """{app}\stoke-governor.exe"" ""%1"""

[Run]
Filename: "{app}\stoke-governor.exe"; Description: "Open Stoke Governor now"; Flags: nowait postinstall skipifsilent
