// Shared helpers of the packetry libpcap addon.
#pragma once
#include <napi.h>
#include <string>

namespace packetry {

// A JS Error with a `code` property, so the TypeScript side can word the message for people.
inline Napi::Error CodedError(Napi::Env env, const std::string& code, const std::string& message) {
  Napi::Error e = Napi::Error::New(env, message);
  e.Set("code", Napi::String::New(env, code));
  return e;
}

// Throws and returns `undefined` (exceptions are disabled: callers return right after).
inline Napi::Value Throw(Napi::Env env, const std::string& code, const std::string& message) {
  CodedError(env, code, message).ThrowAsJavaScriptException();
  return env.Undefined();
}

Napi::Object InitCapture(Napi::Env env, Napi::Object exports);
Napi::Object InitBpf(Napi::Env env, Napi::Object exports);
Napi::Value ListInterfaces(const Napi::CallbackInfo& info);
Napi::Value EnterNetns(const Napi::CallbackInfo& info);
Napi::Value SendRawIp(const Napi::CallbackInfo& info);

}  // namespace packetry
