// Network interfaces of the current namespace: name, index, MAC, link type, flags, MTU and
// addresses, from getifaddrs (which sees interfaces without addresses and those that are down).
#include <arpa/inet.h>
#include <ifaddrs.h>
#include <linux/if_packet.h>
#include <net/if.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <map>
#include <vector>
#include "addon.h"

namespace packetry {

namespace {

struct Address {
  int family;
  std::string address, netmask, broadcast;
  int prefixlen = 0;
  uint32_t scopeid = 0;
};

struct Iface {
  std::string name, mac;
  int index = 0, hwtype = -1, mtu = 0;
  unsigned flags = 0;
  std::vector<Address> addresses;
};

std::string FormatMac(const unsigned char* a, int len) {
  std::string out;
  char part[4];
  for (int i = 0; i < len; i++) {
    snprintf(part, sizeof part, i ? ":%02x" : "%02x", a[i]);
    out += part;
  }
  return out;
}

std::string FormatIp(const sockaddr* sa) {
  char buf[INET6_ADDRSTRLEN] = "";
  if (!sa) return "";
  if (sa->sa_family == AF_INET) inet_ntop(AF_INET, &reinterpret_cast<const sockaddr_in*>(sa)->sin_addr, buf, sizeof buf);
  if (sa->sa_family == AF_INET6) inet_ntop(AF_INET6, &reinterpret_cast<const sockaddr_in6*>(sa)->sin6_addr, buf, sizeof buf);
  return buf;
}

int PrefixLength(const sockaddr* mask) {
  if (!mask) return 0;
  const unsigned char* b;
  int n;
  if (mask->sa_family == AF_INET) {
    b = reinterpret_cast<const unsigned char*>(&reinterpret_cast<const sockaddr_in*>(mask)->sin_addr);
    n = 4;
  } else if (mask->sa_family == AF_INET6) {
    b = reinterpret_cast<const unsigned char*>(&reinterpret_cast<const sockaddr_in6*>(mask)->sin6_addr);
    n = 16;
  } else {
    return 0;
  }
  int bits = 0;
  for (int i = 0; i < n; i++) bits += __builtin_popcount(b[i]);
  return bits;
}

}  // namespace

Napi::Value ListInterfaces(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  ifaddrs* list = nullptr;
  if (getifaddrs(&list) != 0) return Throw(env, "EIO", std::string("getifaddrs: ") + strerror(errno));
  std::map<std::string, Iface> byName;
  std::vector<std::string> order;
  for (ifaddrs* a = list; a; a = a->ifa_next) {
    auto [it, fresh] = byName.try_emplace(a->ifa_name);
    Iface& f = it->second;
    if (fresh) {
      order.push_back(a->ifa_name);
      f.name = a->ifa_name;
      f.index = static_cast<int>(if_nametoindex(a->ifa_name));
    }
    f.flags = a->ifa_flags;
    if (!a->ifa_addr) continue;
    int family = a->ifa_addr->sa_family;
    if (family == AF_PACKET) {
      auto* ll = reinterpret_cast<const sockaddr_ll*>(a->ifa_addr);
      f.hwtype = ll->sll_hatype;
      f.mac = FormatMac(ll->sll_addr, ll->sll_halen);
    } else if (family == AF_INET || family == AF_INET6) {
      Address ad;
      ad.family = family;
      ad.address = FormatIp(a->ifa_addr);
      ad.netmask = FormatIp(a->ifa_netmask);
      ad.prefixlen = PrefixLength(a->ifa_netmask);
      if (family == AF_INET && (a->ifa_flags & IFF_BROADCAST)) ad.broadcast = FormatIp(a->ifa_broadaddr);
      if (family == AF_INET6) ad.scopeid = reinterpret_cast<const sockaddr_in6*>(a->ifa_addr)->sin6_scope_id;
      f.addresses.push_back(ad);
    }
  }
  freeifaddrs(list);

  int sock = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  Napi::Array out = Napi::Array::New(env, order.size());
  uint32_t i = 0;
  for (const std::string& name : order) {
    Iface& f = byName[name];
    if (sock >= 0) {
      ifreq req{};
      strncpy(req.ifr_name, name.c_str(), IFNAMSIZ - 1);
      if (ioctl(sock, SIOCGIFMTU, &req) == 0) f.mtu = req.ifr_mtu;
    }
    Napi::Object o = Napi::Object::New(env);
    o.Set("name", name);
    o.Set("index", f.index);
    o.Set("mac", f.mac);
    o.Set("hwtype", f.hwtype);
    o.Set("flags", f.flags);
    o.Set("mtu", f.mtu);
    Napi::Array addrs = Napi::Array::New(env, f.addresses.size());
    uint32_t j = 0;
    for (const Address& ad : f.addresses) {
      Napi::Object a = Napi::Object::New(env);
      a.Set("family", ad.family == AF_INET ? "IPv4" : "IPv6");
      a.Set("address", ad.address);
      a.Set("netmask", ad.netmask);
      a.Set("prefixlen", ad.prefixlen);
      if (!ad.broadcast.empty()) a.Set("broadcast", ad.broadcast);
      if (ad.family == AF_INET6) a.Set("scopeid", ad.scopeid);
      addrs.Set(j++, a);
    }
    o.Set("addresses", addrs);
    out.Set(i++, o);
  }
  if (sock >= 0) close(sock);
  return out;
}

}  // namespace packetry
