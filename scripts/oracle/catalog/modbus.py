"""Modbus/TCP (Scapy's contrib/modbus): the ADUs and the PDUs of function codes 01-08, 0B, 0C, 0F, 10, 16, 17
(requests, responses, exceptions)."""
from catalog.dsl import E, IP4, L, contrib

SCOPE = r"ModbusADU\w+|ModbusPDU(0[1-8]|0B|0C|0F|10|16|17)\w+"
FILE = "modbus.json"


def req(*layers, **tcp):
    kw = dict(sport=40000, dport=502, flags="PA", seq=1, ack=1)
    kw.update(tcp)
    return (E(), IP4(), L("TCP", **kw), L("ModbusADURequest", transId=1)) + layers


def resp(*layers):
    return (E(), IP4(src="10.0.0.2", dst="10.0.0.1"), L("TCP", sport=502, dport=40000, flags="PA", seq=1, ack=1), L("ModbusADUResponse", transId=1)) + layers


def vectors(v):
    contrib("modbus")
    v.build("modbus/adu-alone", L("ModbusADURequest"))
    v.build("modbus/read-coils", *req(L("ModbusPDU01ReadCoilsRequest", startAddr=0x10, quantity=8)))
    v.build("modbus/read-coils-response", *resp(L("ModbusPDU01ReadCoilsResponse", coilStatus=[0xcd, 0x01])))
    v.build("modbus/read-discrete-inputs", *req(L("ModbusPDU02ReadDiscreteInputsRequest", startAddr=1, quantity=3)))
    v.build("modbus/read-discrete-inputs-response", *resp(L("ModbusPDU02ReadDiscreteInputsResponse", inputStatus=[5])))
    v.build("modbus/read-holding-registers", *req(L("ModbusPDU03ReadHoldingRegistersRequest", startAddr=0x6b, quantity=3)))
    v.build("modbus/read-holding-registers-response", *resp(L("ModbusPDU03ReadHoldingRegistersResponse", registerVal=[0x022b, 0, 0x64])))
    v.build("modbus/read-input-registers-response", *resp(L("ModbusPDU04ReadInputRegistersResponse", registerVal=[10])))
    v.build("modbus/write-single-coil", *req(L("ModbusPDU05WriteSingleCoilRequest", outputAddr=0xac, outputValue=0xff00)))
    v.build("modbus/write-single-register-response", *resp(L("ModbusPDU06WriteSingleRegisterResponse", registerAddr=1, registerValue=3)))
    v.build("modbus/read-exception-status", *req(L("ModbusPDU07ReadExceptionStatusRequest")))
    v.build("modbus/write-multiple-coils", *req(L("ModbusPDU0FWriteMultipleCoilsRequest", startAddr=0x13, quantityOutput=10, outputsValue=[0xcd, 0x01])))
    v.build("modbus/write-multiple-registers", *req(L("ModbusPDU10WriteMultipleRegistersRequest", startAddr=1, outputsValue=[0x000a, 0x0102])))
    v.build("modbus/mask-write-register", *req(L("ModbusPDU16MaskWriteRegisterRequest", refAddr=4, andMask=0xf2, orMask=0x25)))
    v.build("modbus/read-write-multiple-registers", *req(L("ModbusPDU17ReadWriteMultipleRegistersRequest", readStartingAddr=3, readQuantityRegisters=6, writeStartingAddr=0xe, writeRegistersValue=[0xff, 0xff, 0xff])))
    v.build("modbus/exception", *resp(L("ModbusPDU03ReadHoldingRegistersError", exceptCode=2)))
    v.build("modbus/exception-coils", *resp(L("ModbusPDU01ReadCoilsError")))
    v.build("modbus/diagnostics", *req(L("ModbusPDU08DiagnosticsRequest", subFunc=0, data=[0xa537, 1])))
    v.build("modbus/diagnostics-response", *resp(L("ModbusPDU08DiagnosticsResponse", subFunc="Return Bus Message Count", data=[9])))
    v.build("modbus/diagnostics-error", *resp(L("ModbusPDU08DiagnosticsError", exceptionCode=3)))
    v.build("modbus/comm-event-counter", *req(L("ModbusPDU0BGetCommEventCounterRequest")))
    v.build("modbus/comm-event-counter-response", *resp(L("ModbusPDU0BGetCommEventCounterResponse", status=0xffff, eventCount=0x108)))
    v.build("modbus/comm-event-log-response", *resp(L("ModbusPDU0CGetCommEventLogResponse")))
    v.build("modbus/comm-event-log-error", *resp(L("ModbusPDU0CGetCommEventLogError", exceptionCode=4)))
    v.dissect("modbus/dissect-request", "Ether", v.raw(*req(L("ModbusPDU03ReadHoldingRegistersRequest", quantity=2))))
    v.dissect("modbus/dissect-response", "Ether", v.raw(*resp(L("ModbusPDU03ReadHoldingRegistersResponse", registerVal=[1, 2]))))
    v.dissect("modbus/dissect-exception", "Ether", v.raw(*resp(L("ModbusPDU10WriteMultipleRegistersError", exceptCode=4))))
    v.dissect("modbus/dissect-cut", "Ether", v.raw(*req(L("ModbusPDU01ReadCoilsRequest")))[:-2])
