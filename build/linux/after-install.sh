#!/bin/sh
# Runs as root after the deb or rpm is installed or upgraded (deb: postinst configure; rpm:
# %post). electron-builder fills in the names in dollar-brace form when it builds the package,
# so shell variables here are written without braces or with an underscore in their name.
#
# It does what electron-builder's own script does (the command on the PATH, the Chromium
# sandbox helper, the AppArmor profile) and adds what a managed install needs:
# - /etc/copywarden, root:root 0755, where configuration management drops policy.json (0644);
# - /etc/xdg/autostart/copywarden.desktop, so that Copywarden starts at login for every user.
# DPKG_ROOT (set by dpkg when it installs into another root directory) prefixes every path.
set -e

install_root="${DPKG_ROOT:-}"
# shellcheck disable=SC2016 # the quotes keep electron-builder's names literal until it fills them in
app_dir='/opt/${sanitizedProductName}'
# shellcheck disable=SC2016
executable_name='${executable}'
launcher="$app_dir/$executable_name"

# The command on the PATH, through update-alternatives where the system has it
mkdir -p "$install_root/usr/bin"
if command -v update-alternatives >/dev/null 2>&1; then
  link="$install_root/usr/bin/$executable_name"
  if [ -L "$link" ] && [ "$(readlink "$link")" != "/etc/alternatives/$executable_name" ]; then
    rm -f "$link"
  fi
  update-alternatives --install "/usr/bin/$executable_name" "$executable_name" "$launcher" 100 ||
    ln -sf "$launcher" "$link"
else
  ln -sf "$launcher" "$install_root/usr/bin/$executable_name"
fi

# The sandbox helper needs setuid root only where user namespaces are unavailable
if [ -f "$install_root$app_dir/chrome-sandbox" ]; then
  if [ -L /proc/self/ns/user ] && unshare --user true 2>/dev/null; then
    chmod 0755 "$install_root$app_dir/chrome-sandbox"
  else
    chmod 4755 "$install_root$app_dir/chrome-sandbox"
  fi
fi

# Desktop and MIME databases, when the system keeps them
if command -v update-desktop-database >/dev/null 2>&1; then
  update-desktop-database "$install_root/usr/share/applications" || true
fi
if command -v update-mime-database >/dev/null 2>&1; then
  update-mime-database "$install_root/usr/share/mime" || true
fi

# The AppArmor profile that lets Electron use user namespaces (Ubuntu 24.04 and later)
profile_source="$install_root$app_dir/resources/apparmor-profile"
profile_target="$install_root/etc/apparmor.d/$executable_name"
if [ -f "$profile_source" ] && apparmor_status --enabled >/dev/null 2>&1; then
  if apparmor_parser --skip-kernel-load --debug "$profile_source" >/dev/null 2>&1; then
    cp -f "$profile_source" "$profile_target"
    if [ -z "$install_root" ] && ! { [ -x /usr/bin/ischroot ] && /usr/bin/ischroot; }; then
      apparmor_parser --replace --write-cache --skip-read-cache "$profile_target" || true
    fi
  else
    echo "Copywarden: this AppArmor does not accept the bundled profile; skipping it" >&2
  fi
fi

# The folder for managed policy: only root may write it, everyone may read it, because the
# agent runs as each signed-in user
mkdir -p "$install_root/etc/copywarden"
chown root:root "$install_root/etc/copywarden"
chmod 0755 "$install_root/etc/copywarden"

# Start at login for every user
mkdir -p "$install_root/etc/xdg/autostart"
autostart="$install_root/etc/xdg/autostart/copywarden.desktop"
cat >"$autostart.new" <<EOF
[Desktop Entry]
Type=Application
Name=Copywarden
Comment=Checks files copied to removable drives, cloud-sync folders and network shares for backups
Exec=$launcher
Icon=$executable_name
Terminal=false
NoDisplay=true
X-GNOME-Autostart-enabled=true
EOF
chmod 0644 "$autostart.new"
mv -f "$autostart.new" "$autostart"

exit 0
