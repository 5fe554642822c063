#!/bin/sh
# Runs as root after the deb or rpm removed its files (deb: postrm with remove, purge, upgrade,
# ...; rpm: %postun with the number of versions left, 0 when erased, 1 on an upgrade).
# electron-builder fills in the names in dollar-brace form when it builds the package, so shell
# variables here are written without braces or with an underscore in their name.
#
# An upgrade changes nothing here. A removal takes away the command link, the AppArmor profile
# and the autostart entry, and leaves the policy folder, each user's activity log and quarantine
# in place, because helpdesk and investigators may still need them. They go only when IT asks
# for it: `apt purge copywarden`, or the file /etc/copywarden/purge-on-uninstall present when
# the package is removed (any package manager).
# DPKG_ROOT (set by dpkg when it works on another root directory) prefixes every path.
set -e

install_root="${DPKG_ROOT:-}"
# shellcheck disable=SC2016 # the quotes keep electron-builder's names literal until it fills them in
app_dir='/opt/${sanitizedProductName}'
# shellcheck disable=SC2016
executable_name='${executable}'
action="${1:-remove}"

case "$action" in
  0 | remove | purge) ;;
  *) exit 0 ;;
esac

# The command link
if command -v update-alternatives >/dev/null 2>&1; then
  update-alternatives --remove "$executable_name" "$app_dir/$executable_name" || true
fi
if [ -L "$install_root/usr/bin/$executable_name" ]; then
  rm -f "$install_root/usr/bin/$executable_name"
fi

# The AppArmor profile, unloaded before it goes
profile="$install_root/etc/apparmor.d/$executable_name"
if [ -f "$profile" ]; then
  if [ -z "$install_root" ] && command -v apparmor_parser >/dev/null 2>&1 &&
    ! { [ -x /usr/bin/ischroot ] && /usr/bin/ischroot; }; then
    apparmor_parser --remove "$profile" >/dev/null 2>&1 || true
  fi
  rm -f "$profile"
fi

# Autostart
rm -f "$install_root/etc/xdg/autostart/copywarden.desktop"

# The data, only when IT asked for a purge
if [ "$action" != purge ] && [ ! -e "$install_root/etc/copywarden/purge-on-uninstall" ]; then
  exit 0
fi

# Each user's data folder is removed with that user's rights, so that a symbolic link planted
# in a home folder cannot turn root's removal against another path. Only the default location
# (~/.local/state/copywarden) is known here; a user's own XDG_STATE_HOME is not.
for home_dir in "$install_root"/root "$install_root"/home/* "$install_root"/home/*/*; do
  data_dir="$home_dir/.local/state/copywarden"
  if [ ! -d "$home_dir" ] || [ -L "$home_dir" ] || [ ! -e "$data_dir" ]; then
    continue
  fi
  owner="$(stat -c %U "$home_dir")"
  if [ "$home_dir" = "$install_root/root" ]; then
    rm -rf -- "$data_dir"
  elif [ "$owner" != root ]; then
    runuser -u "$owner" -- rm -rf -- "$data_dir" || echo "Copywarden: could not remove $data_dir" >&2
  fi
done
rm -rf -- "$install_root/etc/copywarden"

exit 0
