// A compiled BPF filter usable without an interface (pcap_open_dead), for filtering packets
// read from files or built in memory: `new BpfProgram(expr, linktype, snaplen).matches(bytes)`.
#include <pcap/pcap.h>
#include "addon.h"

namespace packetry {

namespace {

class BpfProgram : public Napi::ObjectWrap<BpfProgram> {
 public:
  static Napi::Function Define(Napi::Env env) {
    return DefineClass(env, "BpfProgram", {InstanceMethod<&BpfProgram::Matches>("matches")});
  }

  explicit BpfProgram(const Napi::CallbackInfo& info) : Napi::ObjectWrap<BpfProgram>(info) {
    Napi::Env env = info.Env();
    if (info.Length() < 2 || !info[0].IsString() || !info[1].IsNumber()) {
      Throw(env, "EINVAL", "new BpfProgram(expression, linktype[, snaplen])");
      return;
    }
    std::string expr = info[0].As<Napi::String>();
    int linktype = info[1].As<Napi::Number>().Int32Value();
    int snaplen = info.Length() > 2 && info[2].IsNumber() ? info[2].As<Napi::Number>().Int32Value() : 262144;
    pcap_t* dead = pcap_open_dead(linktype, snaplen);
    if (!dead) {
      Throw(env, "EINVAL", "pcap_open_dead failed for link type " + std::to_string(linktype));
      return;
    }
    if (pcap_compile(dead, &prog_, expr.c_str(), 1, PCAP_NETMASK_UNKNOWN) != 0) {
      std::string msg = pcap_geterr(dead);
      pcap_close(dead);
      Throw(env, "EFILTER", msg);
      return;
    }
    pcap_close(dead);
    compiled_ = true;
  }

  ~BpfProgram() override {
    if (compiled_) pcap_freecode(&prog_);
  }

 private:
  // matches(bytes, wirelen?) -> boolean
  Napi::Value Matches(const Napi::CallbackInfo& info) {
    Napi::Env env = info.Env();
    if (info.Length() < 1 || !info[0].IsTypedArray()) return Throw(env, "EINVAL", "matches(bytes: Uint8Array)");
    auto bytes = info[0].As<Napi::Uint8Array>();
    pcap_pkthdr h{};
    h.caplen = static_cast<bpf_u_int32>(bytes.ByteLength());
    h.len = info.Length() > 1 && info[1].IsNumber() ? info[1].As<Napi::Number>().Uint32Value() : h.caplen;
    return Napi::Boolean::New(env, pcap_offline_filter(&prog_, &h, bytes.Data()) != 0);
  }

  bpf_program prog_{};
  bool compiled_ = false;
};

}  // namespace

Napi::Object InitBpf(Napi::Env env, Napi::Object exports) {
  exports.Set("BpfProgram", BpfProgram::Define(env));
  return exports;
}

}  // namespace packetry
