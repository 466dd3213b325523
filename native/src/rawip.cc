// Sends whole IP packets through the kernel's output path (raw IP sockets, header included),
// as Scapy's L3RawSocket: needed on loopback, where frames injected at layer 2 carry no route
// and the kernel drops them as martians (a local or 127/8 source arriving from outside).
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>
#include <cerrno>
#include <cstring>
#include "addon.h"

namespace packetry {

// sendRawIp(version: 4 | 6, dsts: string[], bytes: Uint8Array, ends: Uint32Array) -> number sent
Napi::Value SendRawIp(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (info.Length() < 4 || !info[0].IsNumber() || !info[1].IsArray() || !info[2].IsTypedArray() || !info[3].IsTypedArray()) {
    return Throw(env, "EINVAL", "sendRawIp(version, dsts, bytes, ends)");
  }
  int version = info[0].As<Napi::Number>().Int32Value();
  auto dsts = info[1].As<Napi::Array>();
  auto bytes = info[2].As<Napi::Uint8Array>();
  auto ends = info[3].As<Napi::Uint32Array>();
  size_t count = ends.ElementLength();
  if (dsts.Length() != count) return Throw(env, "EINVAL", "sendRawIp: one destination per packet");
  int family = version == 6 ? AF_INET6 : AF_INET;
  int fd = socket(family, SOCK_RAW | SOCK_CLOEXEC, IPPROTO_RAW);
  if (fd < 0) {
    int err = errno;
    return Throw(env, err == EPERM || err == EACCES ? "EPERM" : "EIO", std::string("socket(raw IP): ") + strerror(err));
  }
  size_t sent = 0;
  for (size_t i = 0; i < count; i++) {
    size_t start = i == 0 ? 0 : ends[i - 1];
    size_t end = ends[i];
    if (end < start || end > bytes.ByteLength()) {
      close(fd);
      return Throw(env, "EINVAL", "sendRawIp: ends must rise within the buffer");
    }
    std::string dst = dsts.Get(i).ToString().Utf8Value();
    sockaddr_storage sa{};
    socklen_t salen;
    int ok;
    if (family == AF_INET) {
      auto* s4 = reinterpret_cast<sockaddr_in*>(&sa);
      s4->sin_family = AF_INET;
      ok = inet_pton(AF_INET, dst.c_str(), &s4->sin_addr);
      salen = sizeof(sockaddr_in);
    } else {
      auto* s6 = reinterpret_cast<sockaddr_in6*>(&sa);
      s6->sin6_family = AF_INET6;
      ok = inet_pton(AF_INET6, dst.c_str(), &s6->sin6_addr);
      salen = sizeof(sockaddr_in6);
    }
    if (ok != 1) {
      close(fd);
      return Throw(env, "EINVAL", "sendRawIp: not an address: " + dst);
    }
    if (sendto(fd, bytes.Data() + start, end - start, 0, reinterpret_cast<sockaddr*>(&sa), salen) < 0) {
      int err = errno;
      close(fd);
      if (sent > 0) return Napi::Number::New(env, static_cast<double>(sent));
      return Throw(env, err == EPERM || err == EACCES ? "EPERM" : err == EMSGSIZE ? "EMSGSIZE" : "EIO", std::string("sendto: ") + strerror(err));
    }
    sent++;
  }
  close(fd);
  return Napi::Number::New(env, static_cast<double>(sent));
}

}  // namespace packetry
