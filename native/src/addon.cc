// Module entry: capture handles, BPF programs, the interface list, and network namespaces.
#include <pcap/pcap.h>
#include "addon.h"

namespace packetry {

Napi::Object Init(Napi::Env env, Napi::Object exports) {
  InitCapture(env, exports);
  InitBpf(env, exports);
  exports.Set("interfaces", Napi::Function::New(env, ListInterfaces, "interfaces"));
  exports.Set("enterNetns", Napi::Function::New(env, EnterNetns, "enterNetns"));
  exports.Set("sendRawIp", Napi::Function::New(env, SendRawIp, "sendRawIp"));
  exports.Set("libpcapVersion", Napi::String::New(env, pcap_lib_version()));
  return exports;
}

}  // namespace packetry

static Napi::Object InitModule(Napi::Env env, Napi::Object exports) { return packetry::Init(env, exports); }

NODE_API_MODULE(packetry_pcap, InitModule)
