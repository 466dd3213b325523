// Moves the calling (main) thread into another network namespace. Sockets opened afterwards by
// this thread, and processes it spawns, live there: this is how tests run inside the lab.
#include <fcntl.h>
#include <sched.h>
#include <unistd.h>
#include <cerrno>
#include <cstring>
#include "addon.h"

namespace packetry {

Napi::Value EnterNetns(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (info.Length() < 1 || !info[0].IsString()) return Throw(env, "EINVAL", "enterNetns(path): path must be a string");
  std::string path = info[0].As<Napi::String>();
  int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return Throw(env, errno == EACCES ? "EPERM" : "ENOENT", path + ": " + strerror(errno));
  int rc = setns(fd, CLONE_NEWNET);
  int err = errno;
  close(fd);
  if (rc != 0) return Throw(env, err == EPERM ? "EPERM" : "EINVAL", "setns(" + path + "): " + strerror(err));
  return env.Undefined();
}

}  // namespace packetry
