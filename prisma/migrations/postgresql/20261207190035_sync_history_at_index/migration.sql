-- CreateIndex
CREATE INDEX "Download_at_idx" ON "Download"("at");

-- CreateIndex
CREATE INDEX "DeviceCheckIn_at_idx" ON "DeviceCheckIn"("at");
