// A live libpcap handle: open (immediate mode, small snaplen), filter, inject one frame or a
// batch (sendmmsg on pcap's own socket), and receive without blocking the event loop: pcap's
// selectable fd is watched with uv_poll, and each wakeup drains the ring into ONE buffer plus
// an offsets table, handed to JS in one call (a JS call or a Buffer per packet costs ~1 µs).
#include <pcap/pcap.h>
#include <poll.h>
#include <sys/socket.h>
#include <uv.h>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <vector>
#include "addon.h"

namespace packetry {

namespace {

// Per packet in the offsets table: offset in the data buffer, captured length, wire length,
// timestamp seconds, timestamp nanoseconds.
constexpr int kMetaWords = 5;
constexpr size_t kMaxBatchBytes = 8u << 20;
constexpr int kMaxBatchPackets = 65536;
constexpr int kDispatchChunk = 4096;
constexpr unsigned kSendChunk = 256;

const char* CodeForActivate(int rc) {
  switch (rc) {
    case PCAP_ERROR_PERM_DENIED:
    case PCAP_ERROR_PROMISC_PERM_DENIED:
      return "EPERM";
    case PCAP_ERROR_NO_SUCH_DEVICE:
      return "ENODEV";
    case PCAP_ERROR_IFACE_NOT_UP:
      return "ENETDOWN";
    default:
      return "EPCAP";
  }
}

const char* CodeForErrno(int err) {
  switch (err) {
    case EPERM:
    case EACCES:
      return "EPERM";
    case ENETDOWN:
      return "ENETDOWN";
    case ENXIO:
    case ENODEV:
      return "ENODEV";
    case EMSGSIZE:
      return "EMSGSIZE";
    case EINVAL:
      return "EINVAL";
    default:
      return "EPCAP";
  }
}

class Capture : public Napi::ObjectWrap<Capture> {
 public:
  static Napi::Function Define(Napi::Env env) {
    return DefineClass(env, "Capture",
                       {
                           InstanceMethod<&Capture::LinkType>("linktype"),
                           InstanceMethod<&Capture::SetFilter>("setFilter"),
                           InstanceMethod<&Capture::SetDirection>("setDirection"),
                           InstanceMethod<&Capture::Inject>("inject"),
                           InstanceMethod<&Capture::InjectBatch>("injectBatch"),
                           InstanceMethod<&Capture::Start>("start"),
                           InstanceMethod<&Capture::Stop>("stop"),
                           InstanceMethod<&Capture::DrainNow>("drain"),
                           InstanceMethod<&Capture::Stats>("stats"),
                           InstanceMethod<&Capture::Close>("close"),
                       });
  }

  // new Capture(iface, {snaplen, promisc, bufferSize, immediate})
  explicit Capture(const Napi::CallbackInfo& info) : Napi::ObjectWrap<Capture>(info) {
    Napi::Env env = info.Env();
    if (info.Length() < 1 || !info[0].IsString()) {
      Throw(env, "EINVAL", "new Capture(iface, options)");
      return;
    }
    std::string iface = info[0].As<Napi::String>();
    Napi::Object opts = info.Length() > 1 && info[1].IsObject() ? info[1].As<Napi::Object>() : Napi::Object::New(env);
    int snaplen = IntOption(opts, "snaplen", 4096);
    bool promisc = BoolOption(opts, "promisc", true);
    int bufferSize = IntOption(opts, "bufferSize", 8 << 20);
    bool immediate = BoolOption(opts, "immediate", true);

    char errbuf[PCAP_ERRBUF_SIZE] = "";
    pcap_t* p = pcap_create(iface.c_str(), errbuf);
    if (!p) {
      Throw(env, "EPCAP", errbuf);
      return;
    }
    pcap_set_snaplen(p, snaplen);
    pcap_set_promisc(p, promisc ? 1 : 0);
    pcap_set_buffer_size(p, bufferSize);
    pcap_set_immediate_mode(p, immediate ? 1 : 0);
    pcap_set_timeout(p, 1);
    pcap_set_tstamp_precision(p, PCAP_TSTAMP_PRECISION_NANO);
    int rc = pcap_activate(p);
    if (rc < 0) {
      std::string msg = rc == PCAP_ERROR ? pcap_geterr(p) : pcap_statustostr(rc);
      // pcap_geterr can be empty for some codes: keep libpcap's status text then.
      if (msg.empty()) msg = pcap_statustostr(rc);
      pcap_close(p);
      Throw(env, CodeForActivate(rc), msg);
      return;
    }
    nano_ = pcap_get_tstamp_precision(p) == PCAP_TSTAMP_PRECISION_NANO;
    if (pcap_setnonblock(p, 1, errbuf) != 0) {
      pcap_close(p);
      Throw(env, "EPCAP", errbuf);
      return;
    }
    p_ = p;
  }

  ~Capture() override { Release(); }

 private:
  static int IntOption(Napi::Object o, const char* key, int fallback) {
    Napi::Value v = o.Get(key);
    return v.IsNumber() ? v.As<Napi::Number>().Int32Value() : fallback;
  }
  static bool BoolOption(Napi::Object o, const char* key, bool fallback) {
    Napi::Value v = o.Get(key);
    return v.IsBoolean() ? v.As<Napi::Boolean>().Value() : fallback;
  }

  bool Open(Napi::Env env) {
    if (p_) return true;
    Throw(env, "ECLOSED", "the capture handle is closed");
    return false;
  }

  Napi::Value LinkType(const Napi::CallbackInfo& info) {
    if (!Open(info.Env())) return info.Env().Undefined();
    return Napi::Number::New(info.Env(), pcap_datalink(p_));
  }

  Napi::Value SetFilter(const Napi::CallbackInfo& info) {
    Napi::Env env = info.Env();
    if (!Open(env)) return env.Undefined();
    if (info.Length() < 1 || !info[0].IsString()) return Throw(env, "EINVAL", "setFilter(expression: string)");
    std::string expr = info[0].As<Napi::String>();
    bpf_program prog{};
    if (pcap_compile(p_, &prog, expr.c_str(), 1, PCAP_NETMASK_UNKNOWN) != 0) return Throw(env, "EFILTER", pcap_geterr(p_));
    int rc = pcap_setfilter(p_, &prog);
    pcap_freecode(&prog);
    if (rc != 0) return Throw(env, "EFILTER", pcap_geterr(p_));
    return env.Undefined();
  }

  // setDirection("in" | "out" | "inout"): "in" skips the frames this host sends (on `lo`
  // every frame would otherwise be seen twice).
  Napi::Value SetDirection(const Napi::CallbackInfo& info) {
    Napi::Env env = info.Env();
    if (!Open(env)) return env.Undefined();
    std::string d = info.Length() > 0 && info[0].IsString() ? info[0].As<Napi::String>().Utf8Value() : "";
    pcap_direction_t dir;
    if (d == "in") dir = PCAP_D_IN;
    else if (d == "out") dir = PCAP_D_OUT;
    else if (d == "inout") dir = PCAP_D_INOUT;
    else return Throw(env, "EINVAL", "setDirection(\"in\" | \"out\" | \"inout\")");
    if (pcap_setdirection(p_, dir) != 0) return Throw(env, "EPCAP", pcap_geterr(p_));
    return env.Undefined();
  }

  Napi::Value Inject(const Napi::CallbackInfo& info) {
    Napi::Env env = info.Env();
    if (!Open(env)) return env.Undefined();
    if (info.Length() < 1 || !info[0].IsTypedArray()) return Throw(env, "EINVAL", "inject(frame: Uint8Array)");
    auto frame = info[0].As<Napi::Uint8Array>();
    int n = pcap_inject(p_, frame.Data(), frame.ByteLength());
    if (n < 0) return Throw(env, CodeForErrno(errno), pcap_geterr(p_));
    return Napi::Number::New(env, n);
  }

  // injectBatch(bytes, ends): frame i is bytes[ends[i-1] .. ends[i]). Returns how many were sent.
  Napi::Value InjectBatch(const Napi::CallbackInfo& info) {
    Napi::Env env = info.Env();
    if (!Open(env)) return env.Undefined();
    if (info.Length() < 2 || !info[0].IsTypedArray() || !info[1].IsTypedArray()) {
      return Throw(env, "EINVAL", "injectBatch(bytes: Uint8Array, ends: Uint32Array)");
    }
    auto bytes = info[0].As<Napi::Uint8Array>();
    auto ends = info[1].As<Napi::Uint32Array>();
    size_t count = ends.ElementLength();
    uint8_t* base = bytes.Data();
    size_t total = bytes.ByteLength();
    int fd = pcap_fileno(p_);
    std::vector<mmsghdr> msgs(kSendChunk);
    std::vector<iovec> iovs(kSendChunk);
    size_t sent = 0;
    int stalls = 0;
    while (sent < count) {
      unsigned n = 0;
      for (; n < kSendChunk && sent + n < count; n++) {
        size_t start = sent + n == 0 ? 0 : ends[sent + n - 1];
        size_t end = ends[sent + n];
        if (end < start || end > total) return Throw(env, "EINVAL", "injectBatch: ends must rise within the buffer");
        iovs[n] = {base + start, end - start};
        msgs[n] = {};
        msgs[n].msg_hdr.msg_iov = &iovs[n];
        msgs[n].msg_hdr.msg_iovlen = 1;
      }
      int r = sendmmsg(fd, msgs.data(), n, 0);
      if (r > 0) {
        sent += r;
        stalls = 0;
        continue;
      }
      int err = errno;
      if ((err == EAGAIN || err == ENOBUFS || err == EINTR) && stalls++ < 1000) {
        pollfd pfd{fd, POLLOUT, 0};
        poll(&pfd, 1, 10);
        continue;
      }
      if (sent > 0) break;
      return Throw(env, CodeForErrno(err), std::string("send: ") + strerror(err));
    }
    return Napi::Number::New(env, static_cast<double>(sent));
  }

  // start(onBatch(data: ArrayBuffer, meta: Uint32Array), onError(err))
  Napi::Value Start(const Napi::CallbackInfo& info) {
    Napi::Env env = info.Env();
    if (!Open(env)) return env.Undefined();
    if (info.Length() < 2 || !info[0].IsFunction() || !info[1].IsFunction()) {
      return Throw(env, "EINVAL", "start(onBatch, onError)");
    }
    if (poll_) return Throw(env, "EBUSY", "the capture is already started");
    int fd = pcap_get_selectable_fd(p_);
    if (fd < 0) return Throw(env, "EPCAP", "this interface has no selectable file descriptor");
    onBatch_ = Napi::Persistent(info[0].As<Napi::Function>());
    onError_ = Napi::Persistent(info[1].As<Napi::Function>());
    uv_loop_t* loop = nullptr;
    napi_get_uv_event_loop(env, &loop);
    poll_ = new uv_poll_t;
    poll_->data = this;
    int rc = uv_poll_init(loop, poll_, fd);
    if (rc == 0) rc = uv_poll_start(poll_, UV_READABLE | UV_DISCONNECT, &Capture::OnReadable);
    if (rc != 0) {
      delete poll_;
      poll_ = nullptr;
      return Throw(env, "EPCAP", std::string("uv_poll: ") + uv_strerror(rc));
    }
    Ref();  // the handle stays alive while it is polled
    return env.Undefined();
  }

  Napi::Value Stop(const Napi::CallbackInfo& info) {
    StopPoll();
    return info.Env().Undefined();
  }

  // drain(): hands over now what the kernel holds (as a wakeup would), so that a timeout that
  // fires after a stall of the process does not end a capture whose answers are waiting.
  Napi::Value DrainNow(const Napi::CallbackInfo& info) {
    if (p_ && poll_) Drain(0, UV_READABLE);
    return info.Env().Undefined();
  }

  Napi::Value Stats(const Napi::CallbackInfo& info) {
    Napi::Env env = info.Env();
    if (!Open(env)) return env.Undefined();
    pcap_stat st{};
    if (pcap_stats(p_, &st) != 0) return Throw(env, "EPCAP", pcap_geterr(p_));
    Napi::Object o = Napi::Object::New(env);
    o.Set("received", static_cast<double>(st.ps_recv));
    o.Set("dropped", static_cast<double>(st.ps_drop));
    o.Set("ifDropped", static_cast<double>(st.ps_ifdrop));
    return o;
  }

  Napi::Value Close(const Napi::CallbackInfo& info) {
    Release(info.Env());
    return info.Env().Undefined();
  }

  void StopPoll() {
    if (!poll_) return;
    uv_poll_stop(poll_);
    uv_close(reinterpret_cast<uv_handle_t*>(poll_), [](uv_handle_t* h) { delete reinterpret_cast<uv_poll_t*>(h); });
    poll_ = nullptr;
    onBatch_.Reset();
    onError_.Reset();
    Unref();
  }

  // Closing a packet socket waits for an RCU grace period (~25 ms): from JS it is done on the
  // thread pool, so sr() and sniff() return at once. The fd is no longer polled by then.
  void Release(Napi::Env env = nullptr) {
    StopPoll();
    uv_loop_t* loop = nullptr;
    if (p_ && env != nullptr && napi_get_uv_event_loop(env, &loop) == napi_ok && loop) {
      auto* req = new uv_work_t;
      req->data = p_;
      int rc = uv_queue_work(
          loop, req, [](uv_work_t* r) { pcap_close(static_cast<pcap_t*>(r->data)); }, [](uv_work_t* r, int) { delete r; });
      if (rc != 0) {
        delete req;
        pcap_close(p_);
      }
    } else if (p_) {
      pcap_close(p_);
    }
    p_ = nullptr;
    std::free(data_);
    data_ = nullptr;
    dataCap_ = dataLen_ = 0;
  }

  static void OnPacket(u_char* user, const pcap_pkthdr* h, const u_char* bytes) {
    auto* self = reinterpret_cast<Capture*>(user);
    size_t need = self->dataLen_ + h->caplen;
    if (need > self->dataCap_) {
      size_t cap = self->dataCap_ ? self->dataCap_ : 256u << 10;
      while (cap < need) cap *= 2;
      auto* grown = static_cast<uint8_t*>(std::realloc(self->data_, cap));
      if (!grown) return;  // out of memory: this packet is lost, the capture goes on
      self->data_ = grown;
      self->dataCap_ = cap;
    }
    std::memcpy(self->data_ + self->dataLen_, bytes, h->caplen);
    uint32_t usecOrNsec = static_cast<uint32_t>(h->ts.tv_usec);
    self->meta_.insert(self->meta_.end(), {static_cast<uint32_t>(self->dataLen_), h->caplen, h->len,
                                           static_cast<uint32_t>(h->ts.tv_sec), self->nano_ ? usecOrNsec : usecOrNsec * 1000});
    self->dataLen_ = need;
  }

  static void OnReadable(uv_poll_t* handle, int status, int events) {
    static_cast<Capture*>(handle->data)->Drain(status, events);
  }

  void Drain(int status, int events) {
    Napi::Env env = Env();
    Napi::HandleScope scope(env);
    std::string errCode, errMessage;
    if (status < 0) {
      // libuv reports POLLERR as EBADF: the socket's own error says what happened (ENETDOWN
      // when the interface went down or away).
      int err = 0;
      socklen_t len = sizeof err;
      int fd = pcap_get_selectable_fd(p_);
      if (fd >= 0 && getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len) == 0 && err != 0) {
        errCode = (err == ENETDOWN || err == ENODEV || err == ENXIO) ? "ENETDOWN" : CodeForErrno(err);
        errMessage = strerror(err);
      } else {
        errCode = status == UV_ENETDOWN ? "ENETDOWN" : "EPCAP";
        errMessage = uv_strerror(status);
      }
    } else {
      meta_.clear();
      dataLen_ = 0;
      while (dataLen_ < kMaxBatchBytes && meta_.size() < kMaxBatchPackets * kMetaWords) {
        int n = pcap_dispatch(p_, kDispatchChunk, &Capture::OnPacket, reinterpret_cast<u_char*>(this));
        if (n < 0) {
          errCode = n == PCAP_ERROR_IFACE_NOT_UP ? "ENETDOWN" : "EPCAP";
          errMessage = pcap_geterr(p_);
          break;
        }
        if (n == 0) break;
      }
      if (errCode.empty() && meta_.empty() && (events & UV_DISCONNECT)) {
        errCode = "ENETDOWN";
        errMessage = "the interface went away";
      }
      if (!meta_.empty()) Deliver(env);
    }
    // Deliver may have stopped or closed us (a stop filter, a count reached).
    if (!errCode.empty() && poll_) {
      Napi::FunctionReference onError = std::move(onError_);
      StopPoll();
      Napi::Error err = CodedError(env, errCode, errMessage);
      Call(env, onError, {err.Value()});
    }
  }

  void Deliver(Napi::Env env) {
    size_t count = meta_.size() / kMetaWords;
    // Shrink to what was used: packets kept by JS keep this whole buffer alive.
    uint8_t* data = static_cast<uint8_t*>(std::realloc(data_, dataLen_ ? dataLen_ : 1));
    if (!data) data = data_;
    data_ = nullptr;
    dataCap_ = 0;
    // V8 is told about the bytes, so it collects held batches as eagerly as its own memory.
    size_t len = dataLen_;
    Napi::MemoryManagement::AdjustExternalMemory(env, static_cast<int64_t>(len));
    Napi::ArrayBuffer buf = Napi::ArrayBuffer::New(
        env, data, len,
        [](Napi::Env e, void* d, void* hint) {
          std::free(d);
          Napi::MemoryManagement::AdjustExternalMemory(e, -static_cast<int64_t>(reinterpret_cast<uintptr_t>(hint)));
        },
        reinterpret_cast<void*>(static_cast<uintptr_t>(len)));
    Napi::ArrayBuffer metaBuf = Napi::ArrayBuffer::New(env, meta_.size() * sizeof(uint32_t));
    std::memcpy(metaBuf.Data(), meta_.data(), meta_.size() * sizeof(uint32_t));
    Napi::Uint32Array meta = Napi::Uint32Array::New(env, count * kMetaWords, metaBuf, 0);
    Call(env, onBatch_, {buf, meta});
  }

  // Calls into JS from a libuv callback; an exception there goes to 'uncaughtException'.
  void Call(Napi::Env env, const Napi::FunctionReference& fn, std::initializer_list<napi_value> args) {
    if (fn.IsEmpty()) return;
    Napi::Object self = Value();
    fn.MakeCallback(self, args);
    if (env.IsExceptionPending()) {
      Napi::Error e = env.GetAndClearPendingException();
      napi_fatal_exception(env, e.Value());
    }
  }

  pcap_t* p_ = nullptr;
  uv_poll_t* poll_ = nullptr;
  bool nano_ = false;
  Napi::FunctionReference onBatch_, onError_;
  uint8_t* data_ = nullptr;
  size_t dataCap_ = 0, dataLen_ = 0;
  std::vector<uint32_t> meta_;
};

}  // namespace

Napi::Object InitCapture(Napi::Env env, Napi::Object exports) {
  exports.Set("Capture", Capture::Define(env));
  return exports;
}

}  // namespace packetry
