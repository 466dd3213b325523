{
  "targets": [
    {
      "target_name": "packetry_pcap",
      "sources": ["src/addon.cc", "src/capture.cc", "src/bpf.cc", "src/interfaces.cc", "src/netns.cc", "src/rawip.cc"],
      "include_dirs": ["<!(node -p \"require('node-addon-api').include_dir\")"],
      "defines": ["NAPI_VERSION=8", "NAPI_DISABLE_CPP_EXCEPTIONS", "NODE_ADDON_API_DISABLE_DEPRECATED"],
      "libraries": ["-lpcap"],
      "cflags_cc": ["-std=c++17", "-O2", "-Wall", "-Wextra", "-Wno-unused-parameter"]
    }
  ]
}
