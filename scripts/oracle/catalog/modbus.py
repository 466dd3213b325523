"""Modbus/TCP (Scapy's contrib/modbus): the ADUs and the PDUs of every function code Scapy declares (01-08, 0B, 0C,
0F, 10, 11, 14, 15, 16, 17, 18, 2B/0E; requests, responses, exceptions, file record sub-requests, device identification
objects), and the reserved and user-defined PDUs for the other codes."""
from catalog.dsl import B, E, IP4, L, contrib

SCOPE = r"ModbusADU\w+|ModbusPDU\w+|Modbus(Read|Write)FileSub\w+|ModbusObjectId"
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
    # 11, 14, 15, 18, 2B/0E and their exceptions
    v.build("modbus/report-slave-id", *req(L("ModbusPDU11ReportSlaveIdRequest")))
    v.build("modbus/report-slave-id-response", *resp(L("ModbusPDU11ReportSlaveIdResponse", byteCount=3, slaveId=B(b"PLC"), runIdicatorStatus=0xff)))
    v.build("modbus/report-slave-id-response-empty", *resp(L("ModbusPDU11ReportSlaveIdResponse", byteCount=0)))
    v.build("modbus/report-slave-id-error", *resp(L("ModbusPDU11ReportSlaveIdError", exceptCode=1)))
    v.build("modbus/read-file-record", *req(L("ModbusPDU14ReadFileRecordRequest"), L("ModbusReadFileSubRequest", fileNumber=4, recordNumber=1, recordLength=2), L("ModbusReadFileSubRequest", fileNumber=3, recordNumber=9, recordLength=2)))
    v.build("modbus/read-file-record-alone", L("ModbusPDU14ReadFileRecordRequest"))
    v.build("modbus/read-file-record-response", *resp(L("ModbusPDU14ReadFileRecordResponse"), L("ModbusReadFileSubResponse", recData=[0x0dfe, 0x20]), L("ModbusReadFileSubResponse", recData=[0x33cd, 0x40])))
    v.build("modbus/read-file-record-error", *resp(L("ModbusPDU14ReadFileRecordError", exceptCode=2)))
    v.build("modbus/write-file-record", *req(L("ModbusPDU15WriteFileRecordRequest"), L("ModbusWriteFileSubRequest", fileNumber=4, recordNumber=7, recordData=[0x06af, 0x04be, 0x100d])))
    v.build("modbus/write-file-record-two", *req(L("ModbusPDU15WriteFileRecordRequest"), L("ModbusWriteFileSubRequest"), L("ModbusWriteFileSubRequest", fileNumber=2, recordData=[1, 2])))
    v.build("modbus/write-file-record-response", *resp(L("ModbusPDU15WriteFileRecordResponse"), L("ModbusWriteFileSubResponse", fileNumber=4, recordNumber=7, recordData=[0x06af, 0x04be, 0x100d])))
    v.build("modbus/write-file-record-error", *resp(L("ModbusPDU15WriteFileRecordError", exceptCode=3)))
    v.build("modbus/read-fifo", *req(L("ModbusPDU18ReadFIFOQueueRequest", FIFOPointerAddr=0x04de)))
    v.build("modbus/read-fifo-response", *resp(L("ModbusPDU18ReadFIFOQueueResponse", FIFOVal=[0x01b8, 0x1284])))
    v.build("modbus/read-fifo-response-empty", *resp(L("ModbusPDU18ReadFIFOQueueResponse")))
    v.build("modbus/read-fifo-error", *resp(L("ModbusPDU18ReadFIFOQueueError", exceptCode=4)))
    v.build("modbus/read-device-id", *req(L("ModbusPDU2B0EReadDeviceIdentificationRequest", readCode=4, objectId="ProductName")))
    v.build("modbus/read-device-id-response", *resp(L("ModbusPDU2B0EReadDeviceIdentificationResponse", readCode=1, conformityLevel=0x81, more=1, nextObjId=2, objCount=2), L("ModbusObjectId", id=0, value=B(b"ACME")), L("ModbusObjectId", id="ProductCode", value=B(b"X-1"))))
    v.build("modbus/read-device-id-response-none", *resp(L("ModbusPDU2B0EReadDeviceIdentificationResponse")))
    v.build("modbus/read-device-id-error", *resp(L("ModbusPDU2B0EReadDeviceIdentificationError", exceptCode=2)))
    v.build("modbus/user-defined-request", *req(L("ModbusPDUUserDefinedFunctionCodeRequest", funcCode=0x41)))
    v.build("modbus/reserved-error", L("ModbusPDUReservedFunctionCodeError", funcCode=0x89))
    adu = bytes.fromhex("000100000000ff")
    def pdu(hexs):
        b = bytes.fromhex(hexs)
        return adu[:4] + (len(b) + 1).to_bytes(2, "big") + b"\x01" + b
    v.dissect("modbus/dissect-report-slave-id", "ModbusADUResponse", pdu("1103504c43ff"))
    v.dissect("modbus/dissect-read-file-record", "ModbusADURequest", pdu("140e0600040001000206000300090002"))
    v.dissect("modbus/dissect-read-file-record-response", "ModbusADUResponse", pdu("140c05060dfe0020050633cd0040"))
    v.dissect("modbus/dissect-write-file-record", "ModbusADURequest", pdu("150d0600040007000306af04be100d"))
    v.dissect("modbus/dissect-write-file-record-response", "ModbusADUResponse", pdu("150d0600040007000306af04be100d"))
    v.dissect("modbus/dissect-read-fifo-response", "ModbusADUResponse", pdu("180006000201b81284"))
    v.dissect("modbus/dissect-read-device-id", "ModbusADURequest", pdu("2b0e0100"))
    v.dissect("modbus/dissect-read-device-id-response", "ModbusADUResponse", pdu("2b0e0183000302000441434d45010358312d0203312e30"))
    v.dissect("modbus/dissect-read-device-id-error", "ModbusADUResponse", pdu("ab01"))
    v.dissect("modbus/dissect-reserved-request", "ModbusADURequest", pdu("09aabb"))
    v.dissect("modbus/dissect-schneider-request", "ModbusADURequest", pdu("5a0001"))
    v.dissect("modbus/dissect-reserved-response", "ModbusADUResponse", pdu("7d01"))
    v.dissect("modbus/dissect-reserved-error", "ModbusADUResponse", pdu("da0102"))
    v.dissect("modbus/dissect-user-defined-request", "ModbusADURequest", pdu("41aabbcc"))
    v.dissect("modbus/dissect-user-defined-response", "ModbusADUResponse", pdu("4100"))
    v.dissect("modbus/dissect-user-defined-error", "ModbusADUResponse", pdu("c102"))
    v.dissect("modbus/dissect-mei-unknown", "ModbusADURequest", pdu("2b0d0102"))
    v.dissect("modbus/dissect-mei-unknown-response", "ModbusADUResponse", pdu("2b0d0102"))
