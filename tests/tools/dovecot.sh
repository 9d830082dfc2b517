# tests/tools/dovecot.sh — sourced: a private Dovecot IMAP server on
# 127.0.0.1 for tests and benchmarks (recipe: ../shared/notes/stack.md).
#
#   dovecot_prepare DIR PORT PASSWORD [TLS_PORT]
#                                       writes DIR/dovecot.conf (imap only, any user,
#                                       that password, mail in DIR/mail/USER/Maildir);
#                                       with TLS_PORT also imaps there and STARTTLS on
#                                       PORT, with a self-signed certificate for
#                                       127.0.0.1 in DIR/cert.pem (the CA to trust);
#                                       sets DV_OWNER, DV_GROUP and DV_RUN_AS (runuser
#                                       as nobody when root: Dovecot refuses to run
#                                       mail as root)
#   dovecot_start DIR                   gives DIR to DV_OWNER, starts Dovecot, waits
#                                       until it accepts; sets DV_PID (its master)
#   dovecot_stop                        ends DV_PID (TERM, then KILL), nothing else
# DIR must be reachable by DV_OWNER (not under a mode-700 directory).

dovecot_prepare() {
    local dir=$1 port=$2 pw=$3 tls_port=${4:-0} ssl=no
    DV_RUN_AS=() DV_OWNER=$(id -un) DV_GROUP=$(id -gn)
    if [ "$(id -u)" = 0 ]; then
        DV_RUN_AS=(runuser -u nobody --) DV_OWNER=nobody DV_GROUP=$(id -gn nobody)
    fi
    mkdir -p "$dir/run" "$dir/state" "$dir/mail"
    if [ "$tls_port" != 0 ]; then
        [ -s "$dir/cert.pem" ] || openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 \
            -nodes -days 2 -subj /CN=127.0.0.1 -addext subjectAltName=IP:127.0.0.1 \
            -keyout "$dir/key.pem" -out "$dir/cert.pem" >/dev/null 2>&1 || return 1
        ssl="yes
ssl_cert = <$dir/cert.pem
ssl_key = <$dir/key.pem"
    fi
    cat >"$dir/dovecot.conf" <<EOF
base_dir = $dir/run
state_dir = $dir/state
log_path = $dir/dovecot.log
protocols = imap
listen = 127.0.0.1
ssl = $ssl
disable_plaintext_auth = no
auth_mechanisms = plain login
mail_location = maildir:~/Maildir
default_internal_user = $DV_OWNER
default_internal_group = $DV_GROUP
default_login_user = $DV_OWNER
first_valid_uid = 1
service imap-login {
  inet_listener imap {
    address = 127.0.0.1
    port = $port
  }
  inet_listener imaps {
    address = 127.0.0.1
    port = $tls_port
  }
  chroot =
}
service anvil {
  chroot =
}
service stats {
  unix_listener stats-reader {
    user = $DV_OWNER
  }
  unix_listener stats-writer {
    user = $DV_OWNER
  }
}
passdb {
  driver = static
  args = password=$pw
}
userdb {
  driver = static
  args = uid=$DV_OWNER gid=$DV_GROUP home=$dir/mail/%u
}
EOF
    DV_DIR=$dir DV_PORT=$port DV_PID=""
}

_dv_accepts() {
    /usr/bin/python3 -c 'import socket,sys; socket.create_connection(("127.0.0.1", int(sys.argv[1])), 0.2)' "$1" 2>/dev/null
}

dovecot_start() {
    local dir=$1
    chown -R "$DV_OWNER:$DV_GROUP" "$dir"
    "${DV_RUN_AS[@]}" dovecot -c "$dir/dovecot.conf" -F >"$dir/out.log" 2>&1 &
    DV_PID=$! # the launcher until the master's own PID is known; both end together
    local _
    for _ in $(seq 100); do
        if [ -s "$dir/run/master.pid" ] && _dv_accepts "$DV_PORT"; then
            DV_PID=$(cat "$dir/run/master.pid")
            return 0
        fi
        sleep 0.1
    done
    tail -5 "$dir/out.log" "$dir/dovecot.log" >&2 2>/dev/null
    return 1
}

dovecot_stop() { # never fails, so it is safe in an EXIT trap under set -e
    [ -n "${DV_PID:-}" ] || return 0
    kill "$DV_PID" 2>/dev/null || true
    local _
    for _ in $(seq 50); do kill -0 "$DV_PID" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$DV_PID" 2>/dev/null || true
    DV_PID=""
}
