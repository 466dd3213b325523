"""Finds values that Scapy took from this machine (interface addresses, routes) in its answers."""
import ipaddress
import re

DETERMINISTIC = {"127.0.0.1", "0.0.0.0", "::1", "::", "00:00:00:00:00:00", "ff:ff:ff:ff:ff:ff"}


def host_identifiers():
    """Address strings (and their hex forms) of this host's interfaces and gateways."""
    from scapy.config import conf
    from scapy.interfaces import get_if_list
    from scapy.arch import get_if_addr, get_if_hwaddr
    values = set()
    for iface in get_if_list():
        for get in (get_if_addr, get_if_hwaddr):
            try:
                values.add(get(iface))
            except Exception:
                pass
    for route in conf.route.routes:
        values.update(str(x) for x in route[2:5] if isinstance(x, str))
    try:
        from scapy.arch import in6_getifaddr
        values.update(a[0] for a in in6_getifaddr())
        for route in conf.route6.routes:
            values.add(route[1])
            values.update(route[4])
    except Exception:
        pass
    values -= DETERMINISTIC
    values = {v for v in values if isinstance(v, str) and re.match(r"^[0-9a-fA-F:.]+$", v)}
    out = []
    for v in sorted(values):
        out.append(re.compile(r"(?<![0-9A-Za-z.:])%s(?![0-9A-Za-z.:])" % re.escape(v)))
        out.append(re.compile(re.escape(_hex(v))))
    return out


def _hex(value):
    if re.match(r"^([0-9a-fA-F]{2}:){5}[0-9a-fA-F]{2}$", value):
        return value.replace(":", "").lower()
    return ipaddress.ip_address(value).packed.hex()


def leaks(text, ids):
    """The first host value found in text, or None."""
    for rx in ids:
        m = rx.search(text)
        if m:
            return m.group(0)
    return None
